package dev.steward.bot.ops;

import java.util.List;
import java.util.Objects;

/**
 * One table on the status page. Every cell is plain text; the page escapes it.
 *
 * @param title the heading, e.g. {@code Recent moderation actions}
 * @param columns the column headings
 * @param rows the rows, each with one cell per column
 * @param empty what the page says when there are no rows, e.g. {@code No actions yet.}
 */
public record StatusTable(String title, List<String> columns, List<List<String>> rows, String empty) {
  /** Copies the lists and checks that every row has one cell per column. */
  public StatusTable {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(empty, "empty");
    columns = List.copyOf(columns);
    rows = rows.stream().map(List::copyOf).toList();
    for (List<String> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("a row of '" + title + "' has " + row.size() + " cells for "
            + columns.size() + " columns");
      }
    }
  }
}

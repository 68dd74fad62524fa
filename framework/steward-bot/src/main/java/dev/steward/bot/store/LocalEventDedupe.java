package dev.steward.bot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handled events of one account on a database only this process uses (H2). Claims live in memory (a window of the
 * newest ids), and what is done is appended to the steward_handled_log table, all the ids of one write in one row:
 * a handled event costs no statement of its own. At the first claim the log is read back into memory, so a restarted
 * process knows what it handled before; a claim never recorded as done (the process died mid-handler) is simply not
 * there, and the event runs again.
 */
final class LocalEventDedupe implements EventDedupe {
  private static final Logger logger = LoggerFactory.getLogger(LocalEventDedupe.class);

  private static final String APPEND = "INSERT INTO steward_handled_log (account_key, event_ids, id_count, written_at)"
      + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)";
  private static final String READ = "SELECT event_ids, id_count, seq FROM steward_handled_log"
      + " WHERE account_key = ? ORDER BY seq";
  private static final String PRUNE = "DELETE FROM steward_handled_log WHERE account_key = ? AND seq < ?";

  private final Jdbc jdbc;
  private final String account;
  /** Most ids one log row holds (see the V3_2 migration). */
  static final int ROW_IDS = 1_000;

  private final int capacity;
  private final StripedRecentIds recent;
  /** The log's rows, oldest first, as far as this process knows; guarded by {@link #log}. */
  private final Deque<Row> rows = new ArrayDeque<>();
  private long logged;
  /** Guards the log table's rows and their sizes: writes take it, claims (memory only) do not. */
  private final Object log = new Object();
  private volatile boolean loaded;

  LocalEventDedupe(Jdbc jdbc, String account, int capacity) {
    this.jdbc = jdbc;
    this.account = account;
    this.capacity = capacity;
    this.recent = new StripedRecentIds(capacity);
  }

  @Override
  public List<String> claim(Collection<String> eventIds) {
    load();
    eventIds.forEach(id -> Objects.requireNonNull(id, "event id"));
    return recent.addAllAbsent(eventIds);
  }

  @Override
  public void done(Collection<String> eventIds) {
    List<String> ids = List.copyOf(eventIds);
    // A row holds at most ROW_IDS ids: at 255 bytes an id, that fits the log's 1,000,000-character column.
    for (int from = 0; from < ids.size(); from += ROW_IDS) {
      List<String> row = ids.subList(from, Math.min(ids.size(), from + ROW_IDS));
      append(String.join("\n", row), row.size());
    }
  }

  /** Writes the lines as one row when they fit in one, without splitting and joining them again. */
  @Override
  public void doneLines(String lines) {
    if (lines.isEmpty()) {
      return;
    }
    int count = 1;
    for (int i = lines.indexOf('\n'); i >= 0; i = lines.indexOf('\n', i + 1)) {
      count++;
    }
    if (count > ROW_IDS) {
      EventDedupe.super.doneLines(lines); // split, and cut into rows by done()
    } else {
      append(lines, count);
    }
  }

  /** Claims are in memory only: after a restart there are none left to release. */
  @Override
  public int releaseUnfinished() {
    return 0;
  }

  @Override
  public void forget(String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    load();
    append("-" + eventId, 1); // first on disk, so a crash right after cannot bring the record back
    recent.remove(eventId);
  }

  private void append(String lines, int count) {
    synchronized (log) {
      appendLocked(lines, count);
    }
  }

  private void appendLocked(String lines, int count) {
    long seq = jdbc.call("dedupe_record", "recording " + count + " handled events of " + account, c -> {
      try (PreparedStatement s = c.prepareStatement(APPEND, new String[] {"SEQ"})) {
        s.setString(1, account);
        s.setString(2, lines);
        s.setInt(3, count);
        s.executeUpdate();
        try (ResultSet keys = s.getGeneratedKeys()) {
          if (!keys.next()) {
            throw new SQLException("no seq generated for the handled-event row");
          }
          return keys.getLong(1);
        }
      }
    });
    rows.addLast(new Row(seq, count));
    logged += count;
    if (logged > capacity + Math.max(1, capacity / 10)) {
      prune();
    }
  }

  /**
   * Drops the oldest rows whose ids are beyond the capacity, keeping at least {@code capacity} ids. The rows' seqs
   * are known from their writes, so this is one range delete on the primary key, with no query first.
   */
  private void prune() {
    int keepRows = 0;
    long kept = 0;
    Row oldestKept = null;
    for (var it = rows.descendingIterator(); it.hasNext() && kept < capacity; keepRows++) {
      oldestKept = it.next();
      kept += oldestKept.count();
    }
    long before = oldestKept.seq();
    try {
      jdbc.call("dedupe_prune", "pruning handled events of " + account, c -> {
        try (PreparedStatement s = Jdbc.prepare(c, PRUNE, account)) {
          s.setLong(2, before);
          return s.executeUpdate();
        }
      });
      while (rows.size() > keepRows) {
        logged -= rows.removeFirst().count();
      }
    } catch (StoreException e) {
      // The ids are recorded; a failed prune only leaves the log longer for a while and is retried next write.
      logger.warn("Could not prune handled events of {}; will retry", account, e);
    }
  }

  /** Reads the log into memory, once, oldest row first so the newest ids are the last to be evicted. */
  private void load() {
    if (loaded) {
      return;
    }
    synchronized (log) {
      if (!loaded) {
        loadLocked();
      }
    }
  }

  private void loadLocked() {
    jdbc.call("dedupe_load", "loading handled events of " + account, c -> {
      try (PreparedStatement s = Jdbc.prepare(c, READ, account); ResultSet r = s.executeQuery()) {
        while (r.next()) {
          for (String line : r.getString(1).split("\n")) {
            if (line.startsWith("-")) {
              recent.remove(line.substring(1));
            } else if (!line.isEmpty()) {
              recent.addIfAbsent(line);
            }
          }
          rows.addLast(new Row(r.getLong(3), r.getInt(2)));
          logged += r.getInt(2);
        }
      }
      return null;
    });
    loaded = true;
  }

  /** One row of the log: its seq and how many ids it holds. */
  private record Row(long seq, int count) {}
}

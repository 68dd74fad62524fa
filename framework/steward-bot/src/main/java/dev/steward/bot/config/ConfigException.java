package dev.steward.bot.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used, with every problem found and the key path of each.
 *
 * <p>Thrown from record constructors too: there the paths are relative to the record, and the binder prefixes them
 * with the record's own path.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<ConfigProblem> problems;

  /** A single problem at {@code path}. */
  public ConfigException(String path, String message) {
    this(List.of(new ConfigProblem(path, message)));
  }

  /** Several problems found in one pass; must not be empty. */
  public ConfigException(List<ConfigProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  private static String describe(List<ConfigProblem> problems) {
    Objects.requireNonNull(problems, "problems");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
  }

  /** The path of the first problem; {@code ""} means the file as a whole. */
  public String path() {
    return problems.get(0).path();
  }

  /** Every problem, in the order found. */
  public List<ConfigProblem> problems() {
    return problems;
  }
}

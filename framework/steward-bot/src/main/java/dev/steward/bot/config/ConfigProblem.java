package dev.steward.bot.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration, at a key path such as {@code auth.user_id} ({@code ""} for the whole file).
 *
 * @param path dotted key path, list items as {@code bot.owners[0]}; empty for file-level problems
 * @param message what is wrong and, where it helps, what was expected
 */
public record ConfigProblem(String path, String message) {
  /** Checks both parts are present. */
  public ConfigProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** One line for a person: {@code config error at 'auth.user_id': ...}. */
  @Override
  public String toString() {
    return path.isEmpty() ? "config error: " + message : "config error at '" + path + "': " + message;
  }
}

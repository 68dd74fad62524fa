package dev.steward.bot.config;

import java.util.Objects;

/**
 * Binds a loaded YAML tree to a record, mapping snake_case keys to camelCase components.
 *
 * <p>Supported component types: String, int, long, boolean (only {@code true}/{@code false}), double, enums (any
 * case), {@link java.time.Duration} (the syntax of {@link Durations}: {@code 500ms}, {@code 1h30m}, {@code 1w},
 * ISO-8601 {@code PT10M}; zero allowed, negative not), {@link java.nio.file.Path}, {@link java.net.URI}, the
 * Matrix ids of {@code dev.steward.client}, nested records, and {@code List}, {@code Map<String, T>} and
 * {@code Optional} of those. A value that already has the wanted type (a {@code Duration} or record put in by
 * {@link StewardConfig#builder()}) is taken as it is: its own constructor checked it.
 *
 * <p>A missing key takes, in order: the component's {@link ConfigDefault}; its value in the record's public static
 * {@code defaults()} instance, unless null; empty for Optional, List and Map; the nested record's own
 * {@code defaults()}. Otherwise it is required. Unknown keys are errors. A record constructor may throw
 * {@link ConfigException} with paths relative to itself, or {@link IllegalArgumentException}; both are reported at
 * the record's path. Unsupported component types are programming errors and throw {@link IllegalArgumentException}.
 */
public final class ConfigBinder {
  private ConfigBinder() {}

  /**
   * Binds {@code node} (a map from SnakeYAML, or null for an empty one) to {@code type}.
   *
   * @param path where {@code node} sits in the file, prefixed to every problem; {@code ""} for the top level
   * @throws ConfigException listing every problem found
   */
  public static <R extends Record> R bind(Object node, Class<R> type, String path) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(path, "path");
    Problems problems = new Problems();
    Object value = new Binder(problems).bind(node, type, path);
    problems.throwIfAny();
    return type.cast(value);
  }
}

package dev.steward.bot.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bot's own metrics on the ops endpoint's {@code /metrics}: inject it and count what the bot does, e.g.
 * {@code metrics.counter("welcome_greetings", "where", "room").increment()} is scraped as
 * {@code steward_bot_welcome_greetings_total{where="room"}}. Every name gets the prefix {@value #PREFIX}; a name or a
 * label that could hold a room, user or event id is refused, since each distinct label value is a series of its own
 * kept for as long as the bot runs. Without {@code ops.listen} the meters still count, and nobody reads them.
 */
public final class BotMetrics {
  /** What every name of a bot's metric starts with. */
  public static final String PREFIX = "steward_bot_";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,80}");
  /** What a Matrix id looks like: a sigil, then a localpart or opaque id, a colon and a server. */
  private static final Pattern MATRIX_ID = Pattern.compile("[@!#$+].*:.*|\\$.*");

  private final MeterRegistry registry;

  /** Meters registered in {@code registry} (the runtime passes the one behind {@code /metrics}). */
  public BotMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Meters nobody reads: for tests, and a runtime without an ops endpoint. */
  public static BotMetrics unread() {
    return new BotMetrics(new SimpleMeterRegistry());
  }

  /**
   * The counter {@code name} with the given label pairs ({@code "kind", "ban"}), registered on first use. Prometheus
   * shows it as {@code steward_bot_<name>_total}.
   *
   * @throws IllegalArgumentException for a name that is not lower-case snake_case, an odd number of label parts, or
   *     a label value that looks like a Matrix id
   */
  public Counter counter(String name, String... labels) {
    return Counter.builder(name(name)).tags(labels(labels)).register(registry);
  }

  /** The timer {@code name} (seconds) with the given label pairs; checked as {@link #counter}. */
  public Timer timer(String name, String... labels) {
    return Timer.builder(name(name)).tags(labels(labels)).register(registry);
  }

  private static String name(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a metric name is lower-case snake_case, e.g. greetings_sent, found '"
          + name + "'");
    }
    return PREFIX + name;
  }

  private static String[] labels(String[] labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in pairs of name and value, found " + labels.length + " parts");
    }
    for (int i = 0; i < labels.length; i += 2) {
      if (!NAME.matcher(Objects.requireNonNull(labels[i], "label name")).matches()) {
        throw new IllegalArgumentException("a label name is lower-case snake_case, found '" + labels[i] + "'");
      }
      if (MATRIX_ID.matcher(Objects.requireNonNull(labels[i + 1], "label value")).matches()) {
        throw new IllegalArgumentException("label " + labels[i] + " holds what looks like a Matrix id ("
            + labels[i + 1] + "): ids make a series each; count by kind, not by room or user");
      }
    }
    return labels;
  }
}

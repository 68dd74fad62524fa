package dev.steward.bot.schedule;

import dev.steward.bot.annotation.Scheduled;
import dev.steward.bot.internal.Invoker;
import dev.steward.client.MatrixClient;
import dev.steward.client.Messages;
import dev.steward.client.Rooms;
import java.lang.reflect.Method;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.ScheduleBuilder;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;

/** One {@code @Scheduled} method on one bean, with its schedule checked and its parameters worked out once. */
final class ScheduledMethod {
  private static final Duration MIN_RATE = Duration.ofSeconds(1);
  /** A cron given as one placeholder, {@code ${bots.housekeeping.schedule}}: the setting's value is the cron. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");
  /** What a scheduled method may take: there is no event, so no context. */
  private static final List<Invoker.Supply<MatrixClient>> SUPPLIES = List.of(
      Invoker.Supply.of(MatrixClient.class, c -> c), Invoker.Supply.of(Rooms.class, MatrixClient::rooms),
      Invoker.Supply.of(Messages.class, MatrixClient::messages));

  private final String name;
  private final String key;
  private final Invoker<MatrixClient> invoker;
  private final String cron;
  private final TimeZone zone;
  private final Duration rate;

  ScheduledMethod(Object bean, Method method, Scheduled scheduled, Class<?> type) {
    this(bean, method, scheduled, type, key -> Optional.empty());
  }

  /**
   * As {@link #ScheduledMethod(Object, Method, Scheduled, Class)}, reading a cron placeholder's setting from
   * {@code settings} (a path such as {@code bots.housekeeping.schedule} to its value, empty when there is no such
   * setting). A setting whose value is empty turns the method off.
   */
  ScheduledMethod(Object bean, Method method, Scheduled scheduled, Class<?> type,
                  Function<String, Optional<String>> settings) {
    this.name = type.getSimpleName() + "." + method.getName();
    // The full class name keeps two bots' methods of the same name apart in the shared job table.
    this.key = type.getName() + "." + method.getName();
    this.invoker = new Invoker<>(bean, method, "@Scheduled method " + name, SUPPLIES, "");
    boolean hasCron = !scheduled.cron().isBlank();
    boolean hasRate = !scheduled.fixedRate().isBlank();
    if (hasCron == hasRate) {
      throw problem("give exactly one of cron and fixedRate");
    }
    String from = "";
    String cronText = hasCron ? scheduled.cron().trim() : null;
    Matcher placeholder = hasCron ? PLACEHOLDER.matcher(cronText) : null;
    if (placeholder != null && placeholder.matches()) {
      String path = placeholder.group(1).trim();
      cronText = settings.apply(path).orElseThrow(() -> problem("cron placeholder ${" + path
          + "} names no setting of a running bot")).trim();
      from = " (from " + path + ")";
    }
    this.cron = cronText;
    this.zone = zone(scheduled.zone(), hasCron);
    this.rate = hasRate ? rate(scheduled.fixedRate()) : null;
    if (hasCron && !cron.isEmpty()) {
      try {
        CronExpression.validateExpression(cron);
      } catch (ParseException e) {
        throw problem("bad cron expression '" + cron + "'" + from + ": " + e.getMessage());
      }
    }
  }

  /** False for a cron placeholder whose setting is empty: the method is not scheduled. */
  boolean enabled() {
    return cron == null || !cron.isEmpty();
  }

  /** "Bot.method", for logs and errors. */
  String name() {
    return name;
  }

  /** The Quartz job and trigger name. */
  String key() {
    return key;
  }

  /** The schedule in words; a stored trigger whose description differs is replaced at start-up. */
  String describe() {
    return cron != null ? "cron " + cron + " " + zone.getID() : "every " + rate;
  }

  /** The Quartz schedule: a missed cron firing runs once at start, missed fixed-rate firings are skipped. */
  ScheduleBuilder<? extends Trigger> schedule() {
    if (cron != null) {
      return CronScheduleBuilder.cronSchedule(cron).inTimeZone(zone).withMisfireHandlingInstructionFireAndProceed();
    }
    return SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(rate.toMillis()).repeatForever()
        .withMisfireHandlingInstructionNextWithRemainingCount();
  }

  /**
   * The start of a schedule stored at {@code storedAt}: one interval later for a fixed rate; for cron the next whole
   * second, so its first firing comes after {@code storedAt}.
   */
  Instant startAt(Instant storedAt) {
    if (rate != null) {
      return storedAt.plus(rate);
    }
    // Quartz starts a cron at its first time after startAt minus one second, which from storedAt itself is the
    // second already begun: a schedule stored a second time within it (two instances starting together, each
    // storing it) would run that firing again, after the first instance had run it.
    return storedAt.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
  }

  /** Calls the method; what it throws comes out unwrapped. */
  void invoke(MatrixClient client) throws Throwable {
    invoker.invoke(client);
  }

  private TimeZone zone(String id, boolean hasCron) {
    if (id.isBlank()) {
      return TimeZone.getDefault();
    }
    if (!hasCron) {
      throw problem("zone applies to cron only");
    }
    try {
      return TimeZone.getTimeZone(ZoneId.of(id.trim()));
    } catch (DateTimeException e) {
      throw problem("unknown zone '" + id + "': " + e.getMessage());
    }
  }

  private Duration rate(String text) {
    Duration d;
    try {
      d = dev.steward.bot.config.Durations.parse(text.trim());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw problem("bad fixedRate: '" + text + "' is " + e.getMessage());
    }
    if (d.compareTo(MIN_RATE) < 0) {
      throw problem("fixedRate must be at least 1s, found '" + text + "'");
    }
    if (d.compareTo(Duration.ofDays(36_525)) > 0) {
      // Quartz keeps the interval in milliseconds; a century is as long as a rate needs to be.
      throw problem("fixedRate must be at most 100 years, found '" + text + "'");
    }
    return d;
  }

  private IllegalArgumentException problem(String message) {
    return new IllegalArgumentException("@Scheduled method " + name + ": " + message);
  }
}

package dev.steward.bot.internal.ops;

import dev.steward.bot.internal.dispatch.DispatchMetrics;
import dev.steward.bot.ops.BotMetrics;
import dev.steward.bot.schedule.JobObserver;
import dev.steward.bot.store.CommandLog;
import dev.steward.bot.store.StoreObserver;
import dev.steward.client.RequestObserver;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's metrics in a Prometheus registry: what the dispatcher and the client report, plus the JVM's. Every
 * name starts with {@code steward_}; labels never hold a room, user or event id.
 */
public final class StewardMetrics implements DispatchMetrics, RequestObserver, StoreObserver, JobObserver,
    AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StewardMetrics.class);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final LongSupplier clockMillis;
  /** When the newest event of the latest batch with events was sent, and when that batch came. */
  private final AtomicLong lagMillis = new AtomicLong();
  /** When a {@code /sync} last succeeded (clock millis), 0 before the first. */
  private final AtomicLong lastSync = new AtomicLong();
  private final JvmGcMetrics gc = new JvmGcMetrics();
  /** Meters by a key of their name and tags: the hot path looks up a map, not the registry. */
  private final Map<String, Meter> meters = new ConcurrentHashMap<>();
  private final StatusFeed feed;

  public StewardMetrics(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
    this.feed = new StatusFeed(clockMillis);
    Gauge.builder("steward_sync_lag_seconds", lagMillis, v -> v.get() / 1000.0)
        .description("How far behind the bot ran when the latest batch with events came: its arrival minus the "
            + "newest event's origin_server_ts").register(registry);
    Gauge.builder("steward_sync_last_success_age_seconds", this,
        m -> m.lastSync.get() == 0 ? Double.NaN : (clockMillis.getAsLong() - m.lastSync.get()) / 1000.0)
        .description("Seconds since a /sync last succeeded").register(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Everything, in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /** The bots' own metrics, in the same registry ({@code steward_bot_} names). */
  public BotMetrics botMetrics() {
    return new BotMetrics(registry);
  }

  /** Records every command from now on in {@code log}, for the status page. */
  public void recordCommandsIn(CommandLog log) {
    feed.commands(log);
  }

  StatusFeed feed() {
    return feed;
  }

  /** When a {@code /sync} last succeeded, in clock milliseconds; 0 before the first. */
  public long lastSyncMillis() {
    return lastSync.get();
  }

  @Override
  public void received(String kind) {
    counter("r" + kind, () -> Counter.builder("steward_events_received")
        .description("Room events that arrived in sync batches").tag("kind", kind)).increment();
  }

  @Override
  public void handled(String kind) {
    counter("h" + kind, () -> Counter.builder("steward_events_handled")
        .description("Room events that went through their handlers").tag("kind", kind)).increment();
  }

  @Override
  public void duplicates(int count) {
    Counter.builder("steward_events_duplicate")
        .description("Events skipped because they were claimed before (delivered again, or by another instance)")
        .register(registry).increment(count);
  }

  @Override
  public void newestEvent(long originServerTs) {
    lagMillis.set(Math.max(0, clockMillis.getAsLong() - originServerTs));
  }

  @Override
  public void handler(String name, long nanos, boolean failed) {
    timer("t" + failed + name, () -> Timer.builder("steward_handler").description("Time in each handler and command")
        .tag("handler", name).tag("failed", Boolean.toString(failed))
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(1))).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void command(String name, String outcome, RoomId room, UserId sender, long nanos) {
    counter("c" + outcome + " " + name, () -> Counter.builder("steward_commands")
        .description("Commands by outcome: ok, usage, refused, failed").tag("command", name).tag("outcome", outcome))
        .increment();
    CommandLog commands = feed.commands();
    if (commands != null) {
      try {
        commands.record(new CommandLog.Entry(Instant.ofEpochMilli(clockMillis.getAsLong()), name, outcome,
            room.value(), sender.value(), TimeUnit.NANOSECONDS.toMillis(nanos)));
      } catch (RuntimeException e) {
        // The status page misses a line; the command itself ran and answered.
        log.warn("cannot record command {} for the status page: {}", name, e.getMessage());
        feed.failed("command log", e);
      }
    }
  }

  @Override
  public void failed(String where, Throwable error) {
    feed.failed(where, error);
  }

  @Override
  public void roomName(RoomId room, String name) {
    feed.roomName(room, name);
  }

  @Override
  public void operation(String name, long nanos, boolean failed) {
    timer("s" + failed + name, () -> Timer.builder("steward_store_operations")
        .description("Store operations (JDBC) by name").tag("operation", name)
        .tag("failed", Boolean.toString(failed))).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void ran(String name, String kind, long nanos, Optional<Throwable> failure) {
    String outcome = failure.isPresent() ? "failed" : "ok";
    timer("j" + outcome + kind + " " + name, () -> Timer.builder("steward_jobs")
        .description("Scheduled methods and delayed actions run by Quartz, by name (or action type) and outcome")
        .tag("job", name).tag("kind", kind).tag("outcome", outcome)).record(nanos, TimeUnit.NANOSECONDS);
    failure.ifPresent(e -> feed.failed("job " + name, e));
  }

  @Override
  public void laneDepth(IntSupplier rooms) {
    Gauge.builder("steward_lanes_busy", rooms, IntSupplier::getAsInt)
        .description("Rooms with events queued or being handled").register(registry);
  }

  @Override
  public void undecryptable(String cause) {
    counter("u" + cause, () -> Counter.builder("steward_events_undecryptable")
        .description("Encrypted events not handled because they cannot be decrypted, by cause (missing_key: the "
            + "room key did not come within encryption.key_wait)").tag("cause", cause)).increment();
  }

  @Override
  public void waitingForKeys(IntSupplier events) {
    Gauge.builder("steward_events_waiting_for_keys", events, IntSupplier::getAsInt)
        .description("Encrypted events parked until their room keys come").register(registry);
  }

  @Override
  public void answered(String method, String endpoint, int status, Duration took) {
    if (endpoint.equals("/client/sync")) {
      if (status == 200) {
        lastSync.set(clockMillis.getAsLong());
      } else {
        feed.failed("sync", status == 0 ? "homeserver unreachable" : "HTTP " + status);
      }
    }
    timer("q" + method + status + endpoint, () -> Timer.builder("steward_homeserver_requests")
        .description("Requests to the homeserver, each attempt; status 0 when no answer came")
        .tag("method", method).tag("endpoint", endpoint).tag("status", Integer.toString(status))).record(took);
  }

  @Override
  public void retrying(String endpoint, String why) {
    Counter.builder("steward_homeserver_retries").description("Requests tried again after a failure")
        .tag("endpoint", endpoint).register(registry).increment();
  }

  @Override
  public void rateLimited(String endpoint, Duration wait) {
    Timer.builder("steward_homeserver_rate_limit_waits").description("Waits the homeserver's M_LIMIT_EXCEEDED asked for")
        .tag("endpoint", endpoint).register(registry).record(wait);
  }

  /** The counter under {@code key}, registered the first time. */
  private Counter counter(String key, Supplier<Counter.Builder> builder) {
    return (Counter) meters.computeIfAbsent(key, k -> builder.get().register(registry));
  }

  /** The timer under {@code key}, registered the first time. */
  private Timer timer(String key, Supplier<Timer.Builder> builder) {
    return (Timer) meters.computeIfAbsent(key, k -> builder.get().register(registry));
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}

package dev.steward.bench;

import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnMessage;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.runtime.Steward;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Dispatch throughput and command round-trip: the real runtime (sync loop, parser, dispatcher, command parsing,
 * replies over HTTP) against {@link BenchHomeserver} on loopback, from the first batch of messages to the last reply.
 */
public final class DispatchBench {
  private DispatchBench() {}

  /** Answers {@code !ping N}, and counts every message it sees. */
  public static final class PingBot {
    final AtomicLong handled = new AtomicLong();

    @Command("!ping")
    void ping(CommandContext ctx, @Rest String n) {
      ctx.reply("pong " + n);
      handled.incrementAndGet();
    }

    @OnMessage
    void chat(MessageEvent message) {
      handled.incrementAndGet();
    }
  }

  /**
   * The framework as a contender: the real runtime with {@link PingBot} and the shipped defaults but for the handler
   * threads: an H2 file database (in a temporary directory, deleted after) and a dedupe window of 10,000 ids.
   */
  static final class StewardBot implements Contender {
    private final int threads;
    private final String sections;
    private final PingBot bot = new PingBot();
    private Steward steward;
    private Path data;

    StewardBot(int threads) {
      this(threads, "");
    }

    /** With more top-level config {@code sections} (YAML), e.g. {@code encryption:}. */
    StewardBot(int threads, String sections) {
      this.threads = threads;
      this.sections = sections;
    }

    @Override
    public void start(String url) throws Exception {
      data = Files.createTempDirectory("steward-bench");
      String yaml = """
          homeserver: {url: '%s'}
          auth: {user_id: '%s', access_token: bench}
          bot: {sync_timeout: 1s, handler_threads: %d}
          storage: {url: 'jdbc:h2:file:%s'}
          """.formatted(url, SyncFixture.BOT, threads, data.resolve("steward")) + sections;
      // The reply guard would (rightly) throttle a room receiving thousands of pings a second.
      steward = Steward.builder(ConfigLoader.loadString(yaml, k -> null)).beans(bot)
          .build();
      steward.start();
    }

    @Override
    public long handled() {
      return bot.handled.get();
    }

    @Override
    public Optional<Throwable> failure() {
      return steward.failure();
    }

    @Override
    public void close() throws Exception {
      steward.close();
      try (Stream<Path> files = Files.walk(data)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /**
   * What one run measured.
   *
   * @param events message events delivered
   * @param commands of which commands
   * @param answered commands answered at least once
   * @param duplicates replies beyond the first to a command
   * @param seconds from the first batch of messages served until every command was answered and every event handled
   * @param p50Millis median command round trip (batch served to reply received)
   * @param p99Millis 99th percentile round trip
   * @param cpuSeconds CPU time of the whole process (bot and fake homeserver) over the same span:
   *     steadier than the wall clock on a shared machine
   * @param cpuByThreads of that, nanoseconds per group of threads (see {@link ThreadCpu})
   * @param jitSeconds time the JIT compilers spent over the same span: near zero once the run's code is compiled
   */
  public record Result(int events, int commands, int answered, long duplicates, double seconds, double p50Millis,
                       double p99Millis, double cpuSeconds, Map<String, Long> cpuByThreads, double jitSeconds,
                       double rawParse) {
    /** This result with {@code n} duplicate replies. */
    Result withDuplicates(long n) {
      return new Result(events, commands, answered, n, seconds, p50Millis, p99Millis, cpuSeconds, cpuByThreads,
          jitSeconds, rawParse);
    }

    /** This result with the raw parse rate measured right after the lap, in the same JVM. */
    Result withRawParse(double eventsPerSecond) {
      return new Result(events, commands, answered, duplicates, seconds, p50Millis, p99Millis, cpuSeconds,
          cpuByThreads, jitSeconds, eventsPerSecond);
    }

    /** Throughput as a share of the raw parse rate measured after this lap; NaN when none was. */
    public double rawParseShare() {
      return rawParse > 0 ? eventsPerSecond() / rawParse : Double.NaN;
    }

    /**
     * The JIT compilers' share of the CPU: their threads' CPU where threads are seen by name (Linux), else their
     * compile time, which counts time a compiler thread waited for a core too.
     */
    public double jitShare() {
      long compilers = cpuByThreads.entrySet().stream()
          .filter(e -> e.getKey().startsWith("C1 Compiler") || e.getKey().startsWith("C2 Compiler"))
          .mapToLong(Map.Entry::getValue).sum();
      return (compilers > 0 ? compilers / 1e9 : jitSeconds) / cpuSeconds;
    }

    /** Message events handled per second. */
    public double eventsPerSecond() {
      return events / seconds;
    }

    /** Where the CPU went, in microseconds per event: the busiest thread groups, then what no seen thread explains. */
    public String cpuBreakdown() {
      StringBuilder b = new StringBuilder();
      long seen = 0;
      List<Map.Entry<String, Long>> groups = new ArrayList<>(cpuByThreads.entrySet());
      groups.sort(Map.Entry.<String, Long>comparingByValue().reversed());
      for (Map.Entry<String, Long> g : groups) {
        seen += g.getValue();
        if (g.getValue() / 1e3 / events >= 0.1) {
          b.append(String.format("%s %.1f, ", g.getKey(), g.getValue() / 1e3 / events));
        }
      }
      return b.append(String.format("threads not seen (ended, or JVM-internal off Linux) %.1f µs per event",
          (cpuSeconds * 1e9 - seen) / 1e3 / events)).toString();
    }

    @Override
    public String toString() {
      return String.format("%,d events (%,d commands) in %.2f s = %,.0f events/s; answered %,d, duplicates %d; "
          + "round trip p50 %.2f ms, p99 %.2f ms; process CPU %.1f µs per event, %.0f%% of it the JIT compiling",
          events, commands, seconds, eventsPerSecond(), answered, duplicates, p50Millis, p99Millis,
          cpuSeconds * 1e6 / events, 100 * jitShare());
    }
  }

  /** Runs the benchmark once against the framework. */
  public static Result run(int rooms, int events, double pingShare, int perBatch, int threads) throws Exception {
    SyncFixture fixture = new SyncFixture(rooms, events, pingShare, perBatch, 42);
    return run(fixture, contender(true, fixture, threads), false);
  }

  /** The framework ({@code true}) or the hand-written baseline, sized for the fixture. */
  static Contender contender(boolean framework, SyncFixture fixture, int threads) {
    return framework ? new StewardBot(threads) : new HandWrittenBot(threads);
  }

  /**
   * Command round trip without queueing: one {@code !ping} per batch, and the next batch only once it is answered,
   * so each command meets an idle bot. {@code framework} false measures the hand-written baseline instead.
   */
  public static Result latency(int rooms, int commands, int threads, boolean framework) throws Exception {
    SyncFixture fixture = new SyncFixture(rooms, commands, 1.0, 1, 42);
    return run(fixture, contender(framework, fixture, threads), true);
  }

  /** Runs {@code bot} once over the fixture's batches, served by a fresh fake homeserver. */
  static Result run(SyncFixture fixture, Contender bot, boolean closedLoop) throws Exception {
    return laps(fixture, bot, closedLoop, r -> false).get(0);
  }

  /**
   * Starts {@code bot} once and serves it the fixture's message batches lap after lap, each lap's events new to it,
   * for as long as {@code another} asks after each lap (at most {@link SyncFixture#MAX_LAPS}): a long-running bot
   * measured lap by lap, its start-up paid once. Returns one result per lap.
   */
  static List<Result> laps(SyncFixture fixture, Contender bot, boolean closedLoop, Predicate<Result> another)
      throws Exception {
    List<Result> laps = new ArrayList<>();
    try (BenchHomeserver hs = new BenchHomeserver(fixture, fixture.perBatch(), closedLoop); bot) {
      bot.start(hs.url());
      for (int lap = 0; ; lap++) {
        laps.add(lap(fixture, bot, hs, lap));
        if (lap + 1 >= SyncFixture.MAX_LAPS || !another.test(laps.get(lap))) {
          break;
        }
        hs.latencies.set(0);
        hs.allowLaps(lap + 2);
      }
      Thread.sleep(200); // late duplicates would show up now
      if (bot.failure().isPresent()) {
        throw new IllegalStateException("the bot stopped", bot.failure().get());
      }
      for (int lap = 0; lap < laps.size(); lap++) {
        String prefix = String.format("$e%03d-", lap);
        long duplicates = hs.repliesByCommand.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
            .mapToLong(e -> e.getValue().get() - 1L).sum();
        laps.set(lap, laps.get(lap).withDuplicates(duplicates));
      }
    }
    return laps;
  }

  /** Waits until lap {@code lap} is handled and answered (or 30 minutes pass) and measures it from its start. */
  private static Result lap(SyncFixture fixture, Contender bot, BenchHomeserver hs, int lap) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long doneAt = awaitLap(fixture, bot, hs.repliesByCommand::size, lap);
    BenchHomeserver.LapStart start = hs.lapStarts.get(lap);
    if (start == null) {
      throw new IllegalStateException("lap " + lap + " never started: the bot did not sync");
    }
    // Over the same span as the clock: the start-up (Spring, Flyway, Quartz) is not dispatch.
    long cpu = os.getProcessCpuTime() - start.cpuNanos();
    long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - start.jitMillis();
    Map<String, Long> byThreads = ThreadCpu.since(start.threads());
    int n = Math.min(hs.latencies.get(), hs.latencyNanos.length);
    long[] lat = Arrays.copyOf(hs.latencyNanos, n);
    Arrays.sort(lat);
    double seconds = ((doneAt == 0 ? System.nanoTime() : doneAt) - start.nanos()) / 1e9;
    int answered = hs.repliesByCommand.size() - lap * fixture.commands();
    return new Result(fixture.events(), fixture.commands(), answered, 0, seconds, percentile(lat, 0.50),
        percentile(lat, 0.99), cpu / 1e9, byThreads, jit / 1e3, 0);
  }

  /**
   * Waits until lap {@code lap} is handled ({@code replies} has reached every command of it and the laps before, the
   * bot has handled every event) or 30 minutes pass; returns when it was done, 0 if never.
   *
   * @throws IllegalStateException when the bot stopped
   */
  static long awaitLap(SyncFixture fixture, Contender bot, LongSupplier replies, int lap) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    long commands = (long) (lap + 1) * fixture.commands();
    long events = (long) (lap + 1) * fixture.events();
    while (System.nanoTime() < deadline && bot.failure().isEmpty()) {
      if (replies.getAsLong() >= commands && bot.handled() >= events) {
        return System.nanoTime();
      }
      Thread.sleep(1);
    }
    if (bot.failure().isPresent()) {
      throw new IllegalStateException("the bot stopped", bot.failure().get());
    }
    return 0;
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}

package dev.steward.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import dev.steward.client.internal.Json;
import dev.steward.client.model.RoomEvent;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * The cost of encryption per event: the same fixture handled plain and with every message Megolm-encrypted (see
 * {@link EncryptedHomeserver}, {@link SenderDevice}) by the runtime as {@code dispatch} runs it (with the config's
 * {@code encryption:} section in the encrypted variant), the two in alternation in JVMs of their
 * own, warm laps as {@code compare} measures them, and optionally cold runs (a fresh JVM, the first lap without
 * waiting for the start-up to settle). Every command must be answered exactly once, with {@code pong N}, in every
 * lap of both variants; in the encrypted one the sender decrypts each reply after the lap to check it.
 */
final class EncryptedBench {
  private static final int FORKS = 2;
  private static final int MIN_WARM_UP_LAPS = 5;
  private static final double MIN_WARM_UP_SECONDS = 20;
  private static final double MAX_WARM_UP_SECONDS = 90;
  private static final double WARM_JIT_SHARE = 0.03;

  /**
   * The encrypted variant's config: the state in the H2 store (JdbcCryptoStore, sealed under the store key);
   * cross-signing off, as the bench's homeserver does not do its endpoints (it is set up once at start, not per event).
   */
  static final String ENCRYPTION = """
      encryption: {enabled: true, store_key: 'the bench store key, long enough', cross_signing: false}
      """;

  private EncryptedBench() {}

  /** What a run needs to build the same fixture (one sender, so that it can be one encrypted device). */
  record Spec(int rooms, int events, double pingShare, int perBatch, int threads) {
    SyncFixture fixture() {
      return new SyncFixture(rooms, events, pingShare, perBatch, 42, "!ping", 1);
    }
  }

  static String name(boolean encrypted) {
    return encrypted ? "encrypted" : "plain";
  }

  /**
   * Starts the bot once and serves it laps for as long as {@code another} asks after each (settled first unless
   * {@code cold}); each lap measured from its first batch of messages to the last reply, its replies checked after.
   */
  static List<DispatchBench.Result> laps(Spec spec, boolean encrypted, boolean cold, Predicate<DispatchBench.Result>
      another) throws Exception {
    return laps(spec, encrypted, cold, another, n -> { });
  }

  /** As above, telling {@code senderCpu} the CPU the sender's encrypting took in this process (nanoseconds). */
  static List<DispatchBench.Result> laps(Spec spec, boolean encrypted, boolean cold, Predicate<DispatchBench.Result>
      another, LongConsumer senderCpu) throws Exception {
    SyncFixture fixture = spec.fixture();
    List<DispatchBench.Result> laps = new ArrayList<>();
    try (EncryptedHomeserver hs = new EncryptedHomeserver(fixture, encrypted, !cold);
         Contender bot = new DispatchBench.StewardBot(spec.threads(), encrypted ? ENCRYPTION : "");
         SenderDevice sender = encrypted ? new SenderDevice(hs.senderUrl()) : null) {
      if (sender != null) {
        hs.sender(sender);
      }
      bot.start(hs.url());
      int checked = 0;
      for (int lap = 0; ; lap++) {
        DispatchBench.Result r = lap(fixture, bot, hs, lap);
        Thread.sleep(50); // a late duplicate would show up now
        List<EncryptedHomeserver.Reply> replies = hs.repliesFrom(checked);
        laps.add(check(fixture, hs, sender, lap, replies, r));
        checked += replies.size();
        if (lap + 1 >= SyncFixture.MAX_LAPS || !another.test(laps.get(lap))) {
          break;
        }
        hs.allowLaps(lap + 2);
      }
      if (encrypted && hs.encryptedServed.get() != (long) laps.size() * fixture.events()) {
        throw new IllegalStateException("served " + hs.encryptedServed.get() + " encrypted events, not "
            + laps.size() * fixture.events());
      }
      senderCpu.accept(hs.senderCpuNanos.get());
    }
    return laps;
  }

  private static DispatchBench.Result lap(SyncFixture fixture, Contender bot, EncryptedHomeserver hs, int lap)
      throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long doneAt = DispatchBench.awaitLap(fixture, bot, hs.sends::get, lap);
    BenchHomeserver.LapStart start = hs.lapStarts.get(lap);
    if (start == null || doneAt == 0) {
      throw new IllegalStateException("lap " + lap + " did not finish: " + hs.sends.get() + " replies of "
          + (long) (lap + 1) * fixture.commands()
          + ", " + bot.handled() + " events handled of " + (long) (lap + 1) * fixture.events());
    }
    long cpu = os.getProcessCpuTime() - start.cpuNanos();
    long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - start.jitMillis();
    return new DispatchBench.Result(fixture.events(), fixture.commands(), 0, 0, (doneAt - start.nanos()) / 1e9, 0, 0,
        cpu / 1e9, ThreadCpu.since(start.threads()), jit / 1e3, 0);
  }

  /**
   * Reads which command each of the lap's replies answers (the encrypted ones decrypted by the sender) and checks
   * it says {@code pong N}: the lap's result with answered commands, duplicates and round trips filled in.
   */
  private static DispatchBench.Result check(SyncFixture fixture, EncryptedHomeserver hs, SenderDevice sender, int lap,
                                            List<EncryptedHomeserver.Reply> replies, DispatchBench.Result r) {
    Map<String, RoomEvent> decrypted = Map.of();
    if (sender != null) {
      hs.forwardRepliesToSender(replies);
      decrypted = sender.readReplies();
    }
    String prefix = String.format("$e%03d-", lap);
    Map<String, Integer> byCommand = new HashMap<>();
    long[] lat = new long[replies.size()];
    int n = 0;
    for (EncryptedHomeserver.Reply reply : replies) {
      JsonNode content = reply.content();
      if (sender != null) {
        if (!content.path("algorithm").asText().equals("m.megolm.v1.aes-sha2")) {
          throw new IllegalStateException("a reply in an encrypted room was not encrypted: " + content);
        }
        RoomEvent plain = decrypted.get(reply.eventId());
        if (plain == null) {
          throw new IllegalStateException("the sender could not decrypt reply " + reply.eventId());
        }
        content = plain.content();
      }
      String command = content.path("m.relates_to").path("m.in_reply_to").path("event_id").asText(null);
      if (command == null || !command.startsWith(prefix)) {
        throw new IllegalStateException("lap " + lap + ": a reply to " + command + ": " + content);
      }
      String index = command.substring(6, command.indexOf('-', 6));
      if (!content.path("body").asText().equals("pong " + index)) {
        throw new IllegalStateException("the reply to " + command + " says " + content.path("body"));
      }
      byCommand.merge(command, 1, Integer::sum);
      Long served = hs.servedAtOf(command);
      if (served != null) {
        lat[n++] = reply.nanos() - served;
      }
    }
    long duplicates = byCommand.values().stream().mapToLong(c -> c - 1L).sum();
    lat = Arrays.copyOf(lat, n);
    Arrays.sort(lat);
    return new DispatchBench.Result(r.events(), r.commands(), byCommand.size(), duplicates, r.seconds(),
        percentile(lat, 0.50), percentile(lat, 0.99), r.cpuSeconds(), r.cpuByThreads(), r.jitSeconds(), 0);
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? Double.NaN
        : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  /** Warm-up laps until one is warm (as {@link DispatchFork}), then {@code measured} laps, printed and returned. */
  static List<DispatchBench.Result> warmLaps(Spec spec, boolean encrypted, int measured, PrintStream out,
                                             double minWarmUpSeconds) throws Exception {
    boolean[] warm = {false};
    int[] warmUp = {0};
    double[] seconds = {0};
    int[] done = {0};
    List<DispatchBench.Result> all = laps(spec, encrypted, false, r -> {
      if (!warm[0]) {
        warmUp[0]++;
        seconds[0] += r.seconds();
        boolean more = warmUp[0] < MIN_WARM_UP_LAPS || seconds[0] < minWarmUpSeconds
            || r.jitShare() >= WARM_JIT_SHARE && seconds[0] < MAX_WARM_UP_SECONDS;
        if (!more) {
          warm[0] = true;
          out.printf("  %s warmed up in %d laps (%.0f s of laps); the JIT took %.1f%% of the CPU in the last%s%n",
              name(encrypted), warmUp[0], seconds[0], 100 * r.jitShare(),
              r.jitShare() >= WARM_JIT_SHARE ? " (still compiling: the laps below may include it)" : "");
        }
        return warmUp[0] + measured < SyncFixture.MAX_LAPS;
      }
      done[0]++;
      out.println("  " + name(encrypted) + " lap " + done[0] + ": " + r);
      out.println("    CPU by threads: " + r.cpuBreakdown());
      return done[0] < measured;
    });
    return new ArrayList<>(all.subList(all.size() - measured, all.size()));
  }

  /** One cold run: the first lap of a fresh bot, its messages served as soon as it asks (no settling). */
  static DispatchBench.Result cold(Spec spec, boolean encrypted, LongConsumer senderCpu) throws Exception {
    return laps(spec, encrypted, true, r -> false, senderCpu).get(0);
  }

  /**
   * In a child JVM: {@code plain|encrypted}, rooms, events, ping share, per batch, threads, measured laps (0: one
   * cold run), then the file to write the results to.
   */
  public static void main(String[] args) throws Exception {
    boolean encrypted = args[0].equals("encrypted");
    Spec spec = new Spec(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Double.parseDouble(args[3]),
        Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    int measured = Integer.parseInt(args[6]);
    List<DispatchBench.Result> results;
    if (measured == 0) {
      long[] sender = {0};
      DispatchBench.Result r = cold(spec, encrypted, n -> sender[0] = n);
      // The whole process: start-up, the crypto set-up, the lap; less the sender's encrypting of the messages.
      double processCpu = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
          / 1e9;
      System.out.printf("  %s cold: %s; the process's CPU from its start to the end of the run (replies checked) %.2f s, of it the"
          + " sender's encrypting (before the lap's clock) %.2f s%n", name(encrypted), r, processCpu, sender[0] / 1e9);
      results = List.of(r);
    } else {
      results = warmLaps(spec, encrypted, measured, System.out, MIN_WARM_UP_SECONDS);
    }
    Json.mapper().writeValue(Path.of(args[7]).toFile(), results);
    System.exit(0);
  }

  private static List<DispatchBench.Result> inChildJvm(boolean encrypted, Spec spec, int measured) throws Exception {
    return ChildJvm.run("the " + name(encrypted) + " JVM", List.of(), EncryptedBench.class,
        List.of(name(encrypted), Integer.toString(spec.rooms()), Integer.toString(spec.events()),
            Double.toString(spec.pingShare()), Integer.toString(spec.perBatch()), Integer.toString(spec.threads()),
            Integer.toString(measured)), 60, new TypeReference<>() {});
  }

  /**
   * The mode: {@link #FORKS} JVMs per variant, plain and encrypted alternating, {@code laps} measured laps each after
   * warm-up; then {@code coldRuns} cold runs per variant, alternating. Prints medians and encrypted / plain ratios.
   */
  static void run(Spec spec, int laps, int coldRuns, PrintStream out) throws Exception {
    SyncFixture fixture = spec.fixture();
    out.printf("encrypted %d rooms, %d events (%d commands), one sender; %d laps per JVM, %d JVMs per variant%n",
        spec.rooms(), spec.events(), fixture.commands(), laps, FORKS);
    List<List<DispatchBench.Result>> warm = List.of(new ArrayList<>(), new ArrayList<>());
    if (laps > 0) {
      for (int fork = 1; fork <= FORKS; fork++) {
        for (int v = 0; v < 2; v++) {
          out.println(" fork " + fork + " of " + FORKS + ", " + name(v == 1) + ":");
          warm.get(v).addAll(inChildJvm(v == 1, spec, laps));
        }
      }
      report("warm", warm, out);
    }
    List<List<DispatchBench.Result>> coldResults = List.of(new ArrayList<>(), new ArrayList<>());
    for (int run = 1; run <= coldRuns; run++) {
      for (int v = 0; v < 2; v++) {
        out.println(" cold run " + run + " of " + coldRuns + ", " + name(v == 1) + ":");
        coldResults.get(v).addAll(inChildJvm(v == 1, spec, 0));
      }
    }
    if (coldRuns > 0) {
      report("cold", coldResults, out);
    }
  }

  private static void report(String what, List<List<DispatchBench.Result>> results, PrintStream out) {
    DispatchBench.Result plain = median(results.get(0));
    DispatchBench.Result enc = median(results.get(1));
    out.printf("%s, plain, median of %d: %s%n  CPU by threads: %s%n", what, results.get(0).size(), plain,
        plain.cpuBreakdown());
    out.printf("%s, encrypted, median of %d: %s%n  CPU by threads: %s%n", what, results.get(1).size(), enc,
        enc.cpuBreakdown());
    double[] p = medians(results.get(0));
    double[] e = medians(results.get(1));
    out.printf("%s, medians of each figure over the runs: plain %,.0f events/s, %.1f µs CPU per event, round trip p50"
            + " %.1f ms, p99 %.1f ms; encrypted %,.0f events/s, %.1f µs, p50 %.1f ms, p99 %.1f ms%n", what, p[0], p[1],
        p[2], p[3], e[0], e[1], e[2], e[3]);
    out.printf("%s, encrypted / plain (of those medians): throughput %.2f×, CPU per event %.2f× (%+.1f µs per"
            + " event), round trip p50 %.2f×, p99 %.2f×%n", what, e[0] / p[0], e[1] / p[1], e[1] - p[1], e[2] / p[2],
        e[3] / p[3]);
  }

  /** The median over the runs of events per second, CPU per event (µs), round trip p50 and p99 (ms), each apart. */
  private static double[] medians(List<DispatchBench.Result> rs) {
    return new double[] {
        median(rs.stream().mapToDouble(DispatchBench.Result::eventsPerSecond).toArray()),
        median(rs.stream().mapToDouble(r -> r.cpuSeconds() * 1e6 / r.events()).toArray()),
        median(rs.stream().mapToDouble(DispatchBench.Result::p50Millis).toArray()),
        median(rs.stream().mapToDouble(DispatchBench.Result::p99Millis).toArray())};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The run of median throughput. */
  private static DispatchBench.Result median(List<DispatchBench.Result> rs) {
    List<DispatchBench.Result> sorted = new ArrayList<>(rs);
    sorted.sort(Comparator.comparingDouble(DispatchBench.Result::eventsPerSecond));
    return sorted.get(sorted.size() / 2);
  }
}

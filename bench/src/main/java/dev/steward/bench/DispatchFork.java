package dev.steward.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One contender's dispatch laps in a JVM of its own, as JMH forks its benchmarks: the framework and the baseline
 * share Jackson and OkHttp, and in one JVM each would run on code the JIT compiled for the other's profile.
 *
 * <p>The contender is started once and measured as a long-running bot: the fake homeserver serves it the fixture
 * lap after lap, each lap's events new to it (see {@link SyncFixture#serve}). Warm-up laps go on until the JIT has
 * compiled what a lap runs: code that runs once per batch or per write (the store, the sync token) reaches the
 * compiler's thresholds only after several laps, and while it compiles the compiler takes a core from the bot.
 * Each lap reports the JIT's share of its CPU.
 */
final class DispatchFork {
  /** Warm-up runs at least this many laps and seconds of laps, and then until a lap is warm. */
  private static final int MIN_WARM_UP_LAPS = 5;
  private static final double MIN_WARM_UP_SECONDS = 20;
  /** Warm-up stops after this long even if no lap was warm (the laps measured then say how much the JIT took). */
  private static final double MAX_WARM_UP_SECONDS = 90;
  /** A lap is warm when the JIT used less than this share of the process's CPU over it. */
  private static final double WARM_JIT_SHARE = 0.03;

  private DispatchFork() {}

  /** The size of a dispatch run: what a fork needs to build the same fixture. */
  record Spec(int rooms, int events, double pingShare, int perBatch, int threads) {
    SyncFixture fixture() {
      return new SyncFixture(rooms, events, pingShare, perBatch, 42);
    }
  }

  /**
   * Arguments: {@code steward} or {@code baseline}, rooms, events, ping share, events per batch, handler threads,
   * measured laps, the file to write the results to (JSON).
   */
  public static void main(String[] args) throws Exception {
    boolean framework = args[0].equals("steward");
    Spec spec = new Spec(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Double.parseDouble(args[3]),
        Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    List<DispatchBench.Result> results = laps(framework, spec, Integer.parseInt(args[6]), System.out);
    Json.mapper().writeValue(Path.of(args[7]).toFile(), results);
    System.exit(0); // the runtime's and OkHttp's non-daemon threads may linger for a while
  }

  /** Runs {@code laps} measured laps of the contender in a child JVM and returns their results. */
  static List<DispatchBench.Result> inChildJvm(boolean framework, Spec spec, int laps) throws Exception {
    return ChildJvm.run("the " + name(framework) + " JVM", List.of(), DispatchFork.class,
        List.of(name(framework), Integer.toString(spec.rooms()), Integer.toString(spec.events()),
            Double.toString(spec.pingShare()), Integer.toString(spec.perBatch()), Integer.toString(spec.threads()),
            Integer.toString(laps)), 60, new TypeReference<>() {});
  }

  /**
   * Starts the contender once and serves it laps of the fixture: warm-up laps until one is warm (see
   * {@link #MIN_WARM_UP_SECONDS} and the other limits), then {@code laps} measured laps, printed and returned.
   */
  static List<DispatchBench.Result> laps(boolean framework, Spec spec, int laps, PrintStream out)
      throws Exception {
    return laps(framework, spec, laps, out, MIN_WARM_UP_SECONDS);
  }

  /** As {@link #laps(boolean, Spec, int, PrintStream)} with another least warm-up time (a test's is short). */
  static List<DispatchBench.Result> laps(boolean framework, Spec spec, int laps, PrintStream out,
                                         double minWarmUpSeconds) throws Exception {
    SyncFixture fixture = spec.fixture();
    int[] warmUp = {0};
    double[] warmUpSeconds = {0};
    int[] measured = {0};
    List<Double> rawParses = new ArrayList<>();
    List<DispatchBench.Result> all = DispatchBench.laps(fixture, DispatchBench.contender(framework, fixture,
        spec.threads()), false, r -> {
          if (measured[0] == 0) {
            warmUp[0]++;
            warmUpSeconds[0] += r.seconds();
            double share = r.jitShare();
            boolean more = warmUp[0] < MIN_WARM_UP_LAPS || warmUpSeconds[0] < minWarmUpSeconds
                || share >= WARM_JIT_SHARE && warmUpSeconds[0] < MAX_WARM_UP_SECONDS;
            if (more && warmUp[0] + laps < SyncFixture.MAX_LAPS) {
              return true;
            }
            out.printf("  %s warmed up in %d laps (%.0f s of laps); the JIT took %.1f%% of the CPU in the last%s%n",
                name(framework), warmUp[0], warmUpSeconds[0], 100 * share,
                share >= WARM_JIT_SHARE ? " (still compiling: the laps below may include it)" : "");
            rawParse(fixture); // warms Jackson's tree reading up, which the framework's own parse does not use
          } else {
            double raw = rawParse(fixture);
            rawParses.add(raw);
            out.println("  " + name(framework) + " lap " + measured[0] + ": " + r);
            out.printf("    CPU by threads: %s%n    raw parse after the lap: %,.0f events/s, the lap %.0f%% of it%n",
                r.cpuBreakdown(), raw, 100 * r.eventsPerSecond() / raw);
          }
          return measured[0]++ < laps;
        });
    List<DispatchBench.Result> measuredLaps = new ArrayList<>();
    for (int i = 0; i < rawParses.size(); i++) {
      measuredLaps.add(all.get(warmUp[0] + i).withRawParse(rawParses.get(i)));
    }
    return measuredLaps;
  }

  /**
   * The raw parse rate, measured in this JVM between laps while the bot waits for the next one: paired with the lap
   * before it, taken within seconds of it on the same shared machine, rather than minutes apart in another JVM.
   */
  private static double rawParse(SyncFixture fixture) {
    try {
      return DispatchRounds.rawParseEventsPerSecond(fixture);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String name(boolean framework) {
    return framework ? "steward" : "baseline";
  }
}

package dev.steward.bench;

import dev.steward.client.internal.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Repeated dispatch runs on one fixture, so that a figure is a median rather than one draw on a shared machine:
 * warm-up rounds first (the JIT compiles what the measured rounds run), then measured rounds, with the framework and
 * the hand-written baseline alternating when both are measured. Ends with the raw parse rate of the same bytes in
 * the same JVM, so the ratio framework / raw parse comes from one machine state.
 */
final class DispatchRounds {
  private static final int WARM_UP = 3;

  private final SyncFixture fixture;
  private final int threads;
  private final PrintStream out;

  DispatchRounds(SyncFixture fixture, int threads, PrintStream out) {
    this.fixture = fixture;
    this.threads = threads;
    this.out = out;
  }

  /** Runs the contenders ({@code true} = the framework) {@code rounds} times each and prints medians and ratios. */
  void run(List<Boolean> contenders, int rounds) throws Exception {
    for (boolean framework : contenders) {
      for (int i = 0; i < WARM_UP; i++) {
        DispatchBench.run(fixture, DispatchBench.contender(framework, fixture, threads), false);
      }
    }
    List<List<DispatchBench.Result>> results = new ArrayList<>();
    contenders.forEach(c -> results.add(new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (int c = 0; c < contenders.size(); c++) {
        DispatchBench.Result r = DispatchBench.run(fixture, DispatchBench.contender(contenders.get(c), fixture,
            threads), false);
        out.println("  round " + (round + 1) + " " + name(contenders.get(c)) + ": " + r);
        out.println("    CPU by threads: " + r.cpuBreakdown());
        results.get(c).add(r);
      }
    }
    double parse = rawParseEventsPerSecond();
    for (int c = 0; c < contenders.size(); c++) {
      DispatchBench.Result median = median(results.get(c));
      out.printf("%s, median of %d: %s; %.0f%% of the raw parse rate%n", name(contenders.get(c)), rounds, median,
          100 * median.eventsPerSecond() / parse);
      out.println("  CPU by threads: " + median.cpuBreakdown());
    }
    if (contenders.size() == 2) {
      DispatchBench.Result a = median(results.get(0));
      DispatchBench.Result b = median(results.get(1));
      out.printf("%s / %s: throughput %.2f×, CPU per event %.2f×%n", name(contenders.get(0)),
          name(contenders.get(1)), a.eventsPerSecond() / b.eventsPerSecond(), a.cpuSeconds() / b.cpuSeconds());
    }
    out.printf("raw parse (Jackson tree of the same bytes, one thread, this JVM): %,.0f events/s%n", parse);
  }

  private static String name(boolean framework) {
    return framework ? "steward" : "baseline";
  }

  private static DispatchBench.Result median(List<DispatchBench.Result> rs) {
    List<DispatchBench.Result> sorted = new ArrayList<>(rs);
    sorted.sort(Comparator.comparingDouble(DispatchBench.Result::eventsPerSecond));
    return sorted.get(sorted.size() / 2);
  }

  /** Message events per second for Jackson reading every batch into a tree: the median of 7 passes after 3. */
  double rawParseEventsPerSecond() throws IOException {
    double[] rates = new double[10];
    for (int pass = 0; pass < rates.length; pass++) {
      long start = System.nanoTime();
      long nodes = 0;
      for (byte[] batch : fixture.batches()) {
        nodes += Json.mapper().readTree(batch).size();
      }
      rates[pass] = fixture.events() / ((System.nanoTime() - start) / 1e9);
      if (nodes == 0) {
        throw new IllegalStateException("the fixture parsed to nothing");
      }
    }
    double[] measured = Arrays.copyOfRange(rates, 3, rates.length);
    Arrays.sort(measured);
    return measured[measured.length / 2];
  }
}

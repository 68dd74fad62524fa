package dev.steward.bench;

import dev.steward.client.internal.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Repeated dispatch runs on one fixture, so that a figure is a median rather than one draw on a shared machine: each
 * contender runs in {@link #FORKS} JVMs of its own (see {@link DispatchFork}), the framework's and the hand-written
 * baseline's alternating when both are measured, each JVM starting its bot once, warming it up and then measuring a
 * few laps. The raw parse rate of the same bytes is measured in the contender's JVM after each lap, so that each lap
 * is compared with a measurement taken seconds after it; a contender's share of it is the median of its laps'.
 */
final class DispatchRounds {
  static final int FORKS = 2;

  private final DispatchFork.Spec spec;
  private final PrintStream out;

  DispatchRounds(DispatchFork.Spec spec, PrintStream out) {
    this.spec = spec;
    this.out = out;
  }

  /** Runs the contenders ({@code true} = the framework) in forks, {@code laps} each, and prints medians and ratios. */
  void run(List<Boolean> contenders, int laps) throws Exception {
    List<List<DispatchBench.Result>> results = new ArrayList<>();
    contenders.forEach(c -> results.add(new ArrayList<>()));
    for (int fork = 1; fork <= FORKS; fork++) {
      for (int c = 0; c < contenders.size(); c++) {
        out.println(" fork " + fork + " of " + FORKS + ", " + DispatchFork.name(contenders.get(c)) + ":");
        results.get(c).addAll(DispatchFork.inChildJvm(contenders.get(c), spec, laps));
      }
    }
    List<Double> parses = new ArrayList<>();
    for (int c = 0; c < contenders.size(); c++) {
      DispatchBench.Result median = median(results.get(c));
      double[] shares = results.get(c).stream().mapToDouble(DispatchBench.Result::rawParseShare).sorted().toArray();
      out.printf("%s, median of %d laps: %s; %.0f%% of the raw parse rate (the median of each lap's share of the raw"
              + " parse after it: %.0f–%.0f%%)%n", DispatchFork.name(contenders.get(c)), results.get(c).size(), median,
          100 * shares[shares.length / 2], 100 * shares[0], 100 * shares[shares.length - 1]);
      out.println("  CPU by threads: " + median.cpuBreakdown());
      results.get(c).forEach(r -> parses.add(r.rawParse()));
    }
    if (contenders.size() == 2) {
      DispatchBench.Result a = median(results.get(0));
      DispatchBench.Result b = median(results.get(1));
      out.printf("%s / %s: throughput %.2f×, CPU per event %.2f×%n", DispatchFork.name(contenders.get(0)),
          DispatchFork.name(contenders.get(1)), a.eventsPerSecond() / b.eventsPerSecond(),
          a.cpuSeconds() / b.cpuSeconds());
    }
    parses.sort(null);
    out.printf("raw parse (Jackson tree of the same bytes, one thread, in each contender's JVM after each lap): median"
        + " %,.0f events/s over %d laps (%,.0f–%,.0f)%n", parses.get(parses.size() / 2), parses.size(), parses.get(0),
        parses.get(parses.size() - 1));
  }

  /** The lap of median throughput (the upper of the two middle ones for an even count). */
  private static DispatchBench.Result median(List<DispatchBench.Result> rs) {
    List<DispatchBench.Result> sorted = new ArrayList<>(rs);
    sorted.sort(Comparator.comparingDouble(DispatchBench.Result::eventsPerSecond));
    return sorted.get(sorted.size() / 2);
  }

  /** Message events per second for Jackson reading every batch into a tree: the median of 7 passes after 3. */
  static double rawParseEventsPerSecond(SyncFixture fixture) throws IOException {
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

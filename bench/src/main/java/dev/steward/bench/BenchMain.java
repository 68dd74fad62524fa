package dev.steward.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks: {@code dispatch [rooms] [events] [pingShare] [perBatch] [threads] [laps]} (the framework),
 * {@code baseline} with the same arguments (a hand-written bot without the framework, on the same harness),
 * {@code compare} (both, alternating, with their ratio), {@code cold [rooms] [events] [runs] [variants]} (a fresh
 * process per run, timed from process start, see {@link ColdBench}; the variants as in {@link #COLD_VARIANTS}); in
 * {@code compare} each contender runs in two JVMs of its own, its bot
 * started once in each and served the events lap after lap, {@code laps} measured laps (default 5) after warm-up,
 * {@code latency [rooms] [commands]} and {@code latency-baseline} (one command in flight at a time: round trips
 * without queueing),
 * {@code parse [rooms] [events]} (JMH), {@code large [rooms] [heapMiB]} (an initial sync of many rooms, the bot in a
 * child JVM limited to {@code -Xmx<heapMiB>m}, default 10,000 rooms and 512 MiB) or {@code synapse-ping [pings]}
 * (round trips of {@code !ping} through the dev Synapse at {@code STEWARD_BENCH_HOMESERVER}, default
 * 127.0.0.1:8008) or {@code policy [rules] [members] [rooms] [laps]} (ban-list matching, default 10,000 rules against
 * 10,000 members in 100 rooms; see {@link PolicyBench}) or {@code encrypted [rooms] [events] [pingShare] [perBatch]
 * [threads] [laps] [coldRuns]} (the same fixture plain and Megolm-encrypted, alternating; see {@link EncryptedBench}).
 */
public final class BenchMain {
  /** The syntax of a {@code cold} variant (see {@link ColdBench.Variant#parse}). */
  static final String COLD_VARIANTS = """
      cold ROOMS EVENTS [RUNS=3] [VARIANT ...], each VARIANT
        LABEL=KIND[,jar=PATH][,java=PATH][,launcher=PATH][,cds=off][,script=PATH][,node=PATH][,restart=true]
          [,ref=true][,opts=OPTIONS]   (one argument, no spaces before opts=)
      KIND: launcher (scripts/steward run), steward (java OPTS -jar JAR run), baseline (the hand-written Java bot,
        java OPTS), node (NODE OPTS SCRIPT URL !echo; script= required: bench/node/baseline.js, the hand-written
        Node bot, or bench/node/sdk-bot.js, matrix-bot-sdk; scripts/bench-node.sh installs their packages).
      opts= comes last and takes the rest. ref=true: the summary gives ratios to that variant (default: the first
      baseline). Without variants: launcher=launcher java-defaults=steward baseline=baseline
      """;

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "dispatch";
    int rooms = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int events = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    switch (what) {
      case "latency", "latency-baseline" -> {
        // rooms, then the number of commands: one per batch, each sent once the one before it is answered
        int commands = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        boolean framework = what.equals("latency");
        DispatchBench.latency(rooms, Math.min(commands, 3_000), 4, framework); // warm-up
        System.out.println(what + " " + rooms + " rooms: " + DispatchBench.latency(rooms, commands, 4, framework));
      }
      case "dispatch", "baseline", "compare" -> {
        double share = args.length > 3 ? Double.parseDouble(args[3]) : 0.5;
        int perBatch = args.length > 4 ? Integer.parseInt(args[4]) : 500;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        int laps = args.length > 6 ? Integer.parseInt(args[6]) : 5; // per fork
        List<Boolean> contenders = switch (what) {
          case "dispatch" -> List.of(true);
          case "baseline" -> List.of(false);
          default -> List.of(true, false);
        };
        System.out.println(what + " " + rooms + " rooms, " + events + " events, ping share " + share + ":");
        new DispatchRounds(new DispatchFork.Spec(rooms, events, share, perBatch, threads), System.out)
            .run(contenders, laps);
      }
      case "encrypted" -> {
        // rooms, events, ping share, events per batch, handler threads, measured laps per JVM, cold runs per variant
        double share = args.length > 3 ? Double.parseDouble(args[3]) : 0.5;
        int perBatch = args.length > 4 ? Integer.parseInt(args[4]) : 500;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        int laps = args.length > 6 ? Integer.parseInt(args[6]) : 5;
        int coldRuns = args.length > 7 ? Integer.parseInt(args[7]) : 3;
        EncryptedBench.run(new EncryptedBench.Spec(rooms, events, share, perBatch, threads), laps, coldRuns,
            System.out);
      }
      case "cold" -> {
        // rooms, events, runs of each variant, then the variants (see ColdBench.Variant.parse)
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        List<ColdBench.Variant> variants = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
          try {
            variants.add(ColdBench.Variant.parse(args[i]));
          } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + COLD_VARIANTS);
            System.exit(2);
          }
        }
        if (variants.isEmpty()) {
          variants.add(ColdBench.Variant.parse("launcher=launcher"));
          variants.add(ColdBench.Variant.parse("java-defaults=steward"));
          variants.add(ColdBench.Variant.parse("baseline=baseline"));
        }
        new ColdBench(rooms, events, System.out).run(variants, runs);
      }
      case "parse" -> {
        Options opt = new OptionsBuilder().include(ParseBenchmark.class.getSimpleName())
            .param("rooms", Integer.toString(rooms)).param("events", Integer.toString(events))
            .forks(1).warmupIterations(3).measurementIterations(5).build();
        new Runner(opt).run();
      }
      case "large" -> {
        int many = args.length > 1 ? rooms : 10_000;
        String xmx = (args.length > 2 ? events : 512) + "m";
        // A one-room run is the baseline: what the runtime holds whatever the number of rooms.
        LargeAccountBench.Outcome one = LargeAccountBench.inChildJvm(1, xmx);
        System.out.println("large, baseline: " + one);
        LargeAccountBench.Outcome large = LargeAccountBench.inChildJvm(many, xmx);
        System.out.println("large: " + large);
        System.out.printf("retained heap per room, idle after the initial sync: %,.0f bytes%n",
            LargeAccountBench.bytesPerRoom(one, large));
      }
      case "synapse-ping" -> {
        int pings = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String url = System.getenv().getOrDefault("STEWARD_BENCH_HOMESERVER", "http://127.0.0.1:8008");
        System.out.println(SynapsePingBench.run(url, 20, pings));
      }
      case "policy" -> {
        // rules, members, rooms, laps
        int rules = args.length > 1 ? rooms : 10_000;
        int members = args.length > 2 ? events : 10_000;
        int roomCount = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int laps = args.length > 4 ? Integer.parseInt(args[4]) : 9;
        PolicyBench.run(rules, members, roomCount, laps);
      }
      default -> throw new IllegalArgumentException(
          "unknown benchmark '" + what + "': use dispatch, baseline, compare, encrypted, cold, latency, latency-baseline, parse, large, "
              + "policy or synapse-ping");
    }
  }
}

package dev.steward.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Cold runs: each bot in a fresh process per run (a JVM, or Node for the Node contenders), no warm-up, as a user
 * first meets it. The clock starts just before the process is started and stops at the reply to the last command;
 * the bot's CPU (user and system, from the process's {@code /proc} entry) and peak resident set ({@code VmHWM}, the
 * kernel's high-water mark) are read at that moment, before the process is stopped. Start-up is process start to the
 * first {@code /sync} request the fake homeserver receives; throughput is the events over first {@code /sync} to
 * last reply, as the external harness of issue 19 timed it. The variants run interleaved, run after run, each against
 * a fresh {@link BenchHomeserver} and a fresh store, after one run of each that is not counted (the page cache, a
 * launcher's class-data archive). {@code STEWARD_BENCH_LOGS=DIR} keeps each run's log there.
 *
 * <p>A variant is {@code LABEL=KIND[,key=value]...[,opts=OPTIONS]} (see {@link Variant#parse}), KIND one of:
 * <ul>
 *   <li>{@code launcher}: a launcher script, {@code scripts/steward run --config FILE} unless {@code launcher=PATH};
 *       {@code jar}, {@code java}, {@code cds} and {@code opts} become its {@code STEWARD_JAR}, {@code JAVA},
 *       {@code STEWARD_CDS} and {@code STEWARD_JAVA_OPTS};
 *   <li>{@code steward}: {@code java OPTS -jar JAR run --config FILE};
 *   <li>{@code baseline}: the hand-written Java bot ({@link HandWrittenBot}), {@code java OPTS -cp <this class path>};
 *   <li>{@code node}: a Node bot, {@code node OPTS SCRIPT URL !echo} ({@code script=PATH} required, {@code node=PATH}
 *       for another binary); {@code bench/node/baseline.js} is the hand-written Node bot, {@code bench/node/sdk-bot.js}
 *       the matrix-bot-sdk one ({@code scripts/bench-node.sh} installs its packages).
 * </ul>
 * Every kind takes {@code restart=true} (start-up only, on the store the uncounted run left) and {@code ref=true}:
 * the summary gives each variant's throughput and CPU as ratios to every {@code ref} variant (to the first
 * {@code baseline} variant when none is marked).
 */
final class ColdBench {
  /** How long one run may take before it counts as failed. */
  private static final Duration RUN_LIMIT = Duration.ofMinutes(10);

  /**
   * One way to start a bot.
   *
   * @param label the name in the tables
   * @param kind {@code steward} ({@code java OPTS -jar JAR run --config FILE}), {@code launcher} (a launcher script,
   *     {@code LAUNCHER run --config FILE}, with {@code STEWARD_JAR}, {@code JAVA} and {@code STEWARD_JAVA_OPTS} set
   *     from jar, java and opts), {@code baseline} (the hand-written bot, {@code java OPTS -cp <this class path>}) or
   *     {@code node} ({@code NODE OPTS SCRIPT URL !echo})
   * @param jar the steward jar ({@code bots/target/steward.jar} unless given)
   * @param java the {@code java} binary (this JVM's unless given)
   * @param launcher the launcher script ({@code scripts/steward} unless given)
   * @param cds the launcher's {@code STEWARD_CDS} ({@code off}: no class-data archive), empty for its default
   * @param restart a restart rather than a first start: each counted run starts on a copy of the store the uncounted
   *     run left (schema made, a sync token), and ends at the first {@code /sync}: start-up only
   * @param opts JVM options (Node options for {@code node})
   * @param script the Node bot's script (kind {@code node} only, else null)
   * @param node the {@code node} binary ({@code node} from the PATH unless given)
   * @param ref whether the summary gives the other variants' ratios to this one
   */
  record Variant(String label, String kind, Path jar, String java, Path launcher, String cds, boolean restart,
                 List<String> opts, Path script, String node, boolean ref) {
    /** The kinds of variant. */
    static final List<String> KINDS = List.of("steward", "launcher", "baseline", "node");

    /**
     * Parses {@code LABEL=KIND[,jar=PATH][,java=PATH][,launcher=PATH][,cds=off][,script=PATH][,node=PATH]
     * [,restart=true][,ref=true][,opts=OPTIONS]}; {@code opts} comes last and takes the rest, its options separated
     * by spaces. Kind {@code node} needs {@code script}; {@code script} and {@code node} belong to it alone.
     */
    static Variant parse(String spec) {
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("a variant is LABEL=KIND[,jar=..][,java=..][,launcher=..][,script=..]"
            + "[,opts=..], not '" + spec + "'");
      }
      String label = spec.substring(0, eq);
      String rest = spec.substring(eq + 1);
      String opts = "";
      int o = rest.indexOf(",opts=");
      if (o >= 0) {
        opts = rest.substring(o + 6).trim();
        rest = rest.substring(0, o);
      }
      String[] parts = rest.split(",");
      String kind = parts[0];
      if (!KINDS.contains(kind)) {
        throw new IllegalArgumentException("variant " + label + ": kind must be steward, launcher, baseline or node, "
            + "not '" + kind + "'");
      }
      Path jar = Path.of("bots/target/steward.jar");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Path launcher = Path.of("scripts/steward");
      String cds = "";
      boolean restart = false;
      boolean ref = false;
      Path script = null;
      String node = null;
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        if (kv.length < 2 || kv[1].isEmpty()) {
          throw new IllegalArgumentException("variant " + label + ": '" + parts[i] + "' is not key=value");
        }
        switch (kv[0]) {
          case "jar" -> jar = Path.of(kv[1]);
          case "java" -> java = kv[1];
          case "launcher" -> launcher = Path.of(kv[1]);
          case "cds" -> cds = kv[1];
          case "restart" -> restart = Boolean.parseBoolean(kv[1]);
          case "ref" -> ref = Boolean.parseBoolean(kv[1]);
          case "script" -> script = Path.of(kv[1]);
          case "node" -> node = kv[1];
          default -> throw new IllegalArgumentException("variant " + label + ": unknown key '" + kv[0] + "'");
        }
      }
      if (kind.equals("node") != (script != null)) {
        throw new IllegalArgumentException("variant " + label + ": " + (script == null
            ? "kind node needs script=PATH (bench/node/baseline.js or bench/node/sdk-bot.js)"
            : "script= is for kind node only"));
      }
      if (node != null && !kind.equals("node")) {
        throw new IllegalArgumentException("variant " + label + ": node= is for kind node only");
      }
      return new Variant(label, kind, jar, java, launcher, cds, restart,
          opts.isEmpty() ? List.of() : List.of(opts.split("\\s+")), script, node == null ? "node" : node, ref);
    }

    boolean baseline() {
      return kind.equals("baseline");
    }

    /**
     * Fails with the step to take when a Node variant's script is missing or its packages are not installed (a
     * {@code package.json} beside it and no {@code node_modules}).
     */
    void checkInstalled() {
      if (!kind.equals("node")) {
        return;
      }
      if (!Files.isRegularFile(script)) {
        throw new IllegalArgumentException("variant " + label + ": no script " + script.toAbsolutePath());
      }
      Path dir = script.toAbsolutePath().getParent();
      if (Files.exists(dir.resolve("package.json")) && !Files.isDirectory(dir.resolve("node_modules"))) {
        throw new IllegalArgumentException("variant " + label + ": " + dir + " has no node_modules: run "
            + "scripts/bench-node.sh first");
      }
    }
  }

  /**
   * What one cold run measured.
   *
   * @param startupSeconds process start to the first {@code /sync} request
   * @param wallSeconds process start to the last reply
   * @param syncToLastSeconds first {@code /sync} request to the last reply
   * @param cpuSeconds the bot process's CPU (user and system) up to the last reply
   * @param peakRssMiB the bot process's peak resident set up to the last reply
   * @param connections the HTTP connections the bot opened to the fake homeserver up to then
   */
  record Run(String variant, int events, double startupSeconds, double wallSeconds, double syncToLastSeconds,
             double cpuSeconds, double peakRssMiB, int connections) {
    /** NaN for a start-up-only run (a restart variant's). */
    double eventsPerSecond() {
      return syncToLastSeconds > 0 ? events / syncToLastSeconds : Double.NaN;
    }

    @Override
    public String toString() {
      return String.format("start-up %.2f s, last reply at %.2f s, %,.0f events/s from the first /sync, CPU %.2f s, "
          + "peak RSS %.0f MiB, %d connections", startupSeconds, wallSeconds, eventsPerSecond(), cpuSeconds,
          peakRssMiB, connections);
    }
  }

  private final SyncFixture fixture;
  private final int rooms;
  private final PrintStream out;
  /** Per restart variant, the store its uncounted run left. */
  private final Map<String, Path> stores = new HashMap<>();

  ColdBench(int rooms, int events, PrintStream out) {
    this.rooms = rooms;
    this.fixture = new SyncFixture(rooms, events, 0.5, 500, 42, "!echo");
    this.out = out;
  }

  /** Runs every variant once uncounted, then {@code runs} times interleaved; prints each run and the summary. */
  List<Run> run(List<Variant> variants, int runs) throws Exception {
    for (Variant v : variants) {
      v.checkInstalled();
    }
    out.printf("cold, %d rooms × %,d events (%,d commands), %d runs of each, interleaved; %s%n", rooms,
        fixture.events(), fixture.commands(), runs, machine());
    for (Variant v : variants) {
      out.println("  " + v.label() + " (not counted): " + once(v));
    }
    List<Run> all = new ArrayList<>();
    for (int r = 1; r <= runs; r++) {
      for (Variant v : variants) {
        Run run = once(v);
        out.println("  " + v.label() + " run " + r + ": " + run);
        all.add(run);
      }
    }
    for (Path kept : stores.values()) {
      delete(kept);
    }
    out.println(table(variants, all));
    return all;
  }

  /** The machine as the tables give it: cores and load average now. */
  static String machine() {
    String load;
    try {
      load = Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      load = "unknown";
    }
    return Runtime.getRuntime().availableProcessors() + " cores, load average " + load;
  }

  /** One cold run of {@code v} against a fresh fake homeserver, in a fresh directory. */
  Run once(Variant v) throws Exception {
    Path dir = Files.createTempDirectory("steward-cold");
    Path log = dir.resolve("bot.log");
    Path data = dir.resolve("data");
    boolean startUpOnly = false;
    if (v.restart()) {
      Path kept = stores.get(v.label());
      if (kept == null) {
        kept = Files.createTempDirectory("steward-cold-store");
        stores.put(v.label(), kept);
        data = kept;
      } else {
        copy(kept, data);
        startUpOnly = true;
      }
    }
    try (BenchHomeserver hs = new BenchHomeserver(fixture, fixture.perBatch(), false, false)) {
      ProcessBuilder pb = new ProcessBuilder(command(v, hs.url(), dir, data)).redirectErrorStream(true)
          .redirectOutput(log.toFile()).directory(dir.toFile());
      if (v.kind().equals("launcher")) {
        Map<String, String> env = pb.environment();
        env.put("STEWARD_JAR", v.jar().toAbsolutePath().toString());
        env.put("JAVA", v.java());
        env.put("STEWARD_JAVA_OPTS", String.join(" ", v.opts()));
        if (!v.cds().isEmpty()) {
          env.put("STEWARD_CDS", v.cds());
        }
      }
      long start = System.nanoTime();
      Process p = pb.start();
      try {
        long deadline = start + RUN_LIMIT.toNanos();
        while (startUpOnly ? hs.firstSyncNanos.get() == 0 : !hs.firstLapAnswered.await(20, TimeUnit.MILLISECONDS)) {
          if (startUpOnly) {
            Thread.sleep(2);
          }
          if (!p.isAlive() || System.nanoTime() > deadline) {
            throw new IllegalStateException(v.label() + ": " + (p.isAlive() ? "no last reply within " + RUN_LIMIT
                : "the bot exited with " + p.exitValue()) + " (" + hs.repliesByCommand.size() + " of "
                + fixture.commands() + " commands answered; answered 404 as not served: " + hs.unanswered
                + "); its log:\n" + tail(log));
          }
        }
        double cpu = p.info().totalCpuDuration().orElseThrow().toNanos() / 1e9;
        double rss = peakRssKiB(p.pid()) / 1024.0;
        long twice = hs.repliesByCommand.values().stream().filter(n -> n.get() > 1).count();
        if (twice > 0) {
          out.println("    " + v.label() + " answered " + twice + " commands more than once");
        }
        if (!hs.unanswered.isEmpty()) {
          out.println("    " + v.label() + " asked what the fake homeserver does not serve (404): " + hs.unanswered);
        }
        long firstSync = hs.firstSyncNanos.get();
        long end = startUpOnly ? firstSync : hs.firstLapAnsweredNanos;
        return new Run(v.label(), fixture.events(), (firstSync - start) / 1e9, (end - start) / 1e9,
            (end - firstSync) / 1e9, cpu, rss, hs.connections());
      } finally {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor();
        }
      }
    } finally {
      keepLog(v, log);
      delete(dir);
    }
  }

  /** Copies the bot's log to {@code $STEWARD_BENCH_LOGS/<label>-<n>.log} when that variable names a directory. */
  private static void keepLog(Variant v, Path log) throws IOException {
    String keep = System.getenv("STEWARD_BENCH_LOGS");
    if (keep != null && !keep.isBlank() && Files.exists(log)) {
      Path d = Files.createDirectories(Path.of(keep));
      int n = 1;
      while (Files.exists(d.resolve(v.label() + "-" + n + ".log"))) {
        n++;
      }
      Files.copy(log, d.resolve(v.label() + "-" + n + ".log"));
    }
  }

  private static List<String> command(Variant v, String url, Path dir, Path data) throws IOException {
    List<String> cmd = new ArrayList<>();
    switch (v.kind()) {
      case "baseline" -> {
        cmd.add(v.java());
        cmd.addAll(v.opts());
        cmd.addAll(List.of("-cp", Path.of(System.getProperty("java.class.path")).toAbsolutePath().toString(),
            ColdBaseline.class.getName(), url, "!echo"));
      }
      case "steward" -> {
        cmd.add(v.java());
        cmd.addAll(v.opts());
        cmd.addAll(List.of("-jar", v.jar().toAbsolutePath().toString(), "run", "--config",
            config(url, dir, data).toString()));
      }
      case "node" -> {
        cmd.add(v.node());
        cmd.addAll(v.opts());
        cmd.addAll(List.of(v.script().toAbsolutePath().toString(), url, "!echo"));
      }
      default -> cmd.addAll(List.of(v.launcher().toAbsolutePath().toString(), "run", "--config",
          config(url, dir, data).toString()));
    }
    return cmd;
  }

  /** The shipped defaults, the echo bot alone, an H2 store in {@code data}. */
  private static Path config(String url, Path dir, Path data) throws IOException {
    Path file = dir.resolve("steward.yaml");
    Files.writeString(file, """
        homeserver: {url: '%s'}
        auth: {user_id: '%s', access_token: bench}
        storage: {url: 'jdbc:h2:file:%s'}
        bots:
          echo: {enabled: true}
        """.formatted(url, SyncFixture.BOT, data.resolve("steward")));
    return file;
  }

  /** {@code VmHWM} of process {@code pid} in KiB. */
  static long peakRssKiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    throw new IOException("no VmHWM in /proc/" + pid + "/status");
  }

  /**
   * The medians (and ranges) of each variant, and each one's throughput and CPU as ratios to every {@code ref}
   * variant (to the first baseline variant when none is marked).
   */
  static String table(List<Variant> variants, List<Run> all) {
    List<Variant> refs = variants.stream().filter(Variant::ref).toList();
    if (refs.isEmpty()) {
      refs = variants.stream().filter(Variant::baseline).limit(1).toList();
    }
    StringBuilder b = new StringBuilder("| variant | start-up to first /sync | process start to last reply "
        + "| events/s (first /sync to last reply) | process CPU | peak RSS |");
    StringBuilder rule = new StringBuilder("|---|---|---|---|---|---|");
    for (Variant r : refs) {
      b.append(" throughput / ").append(r.label()).append(" | CPU / ").append(r.label()).append(" |");
      rule.append("---|---|");
    }
    b.append('\n').append(rule).append('\n');
    for (Variant v : variants) {
      List<Run> runs = of(all, v.label());
      b.append(String.format("| %s | %s s | %s s | %s | %s s | %s MiB |", v.label(),
          range(runs, Run::startupSeconds, "%.2f"), range(runs, Run::wallSeconds, "%.2f"),
          range(runs, Run::eventsPerSecond, "%,.0f"), range(runs, Run::cpuSeconds, "%.2f"),
          range(runs, Run::peakRssMiB, "%.0f")));
      for (Variant r : refs) {
        List<Run> base = of(all, r.label());
        b.append(String.format(" %s | %s |", ratio(runs, base, Run::eventsPerSecond),
            ratio(runs, base, Run::cpuSeconds)));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static List<Run> of(List<Run> all, String label) {
    return all.stream().filter(r -> r.variant().equals(label)).toList();
  }

  /** The median, then the range in brackets. */
  private static String range(List<Run> runs, ToDoubleFunction<Run> f, String format) {
    double[] v = runs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      return "–";
    }
    return String.format(format + " (" + format + "–" + format + ")", median(v), v[0], v[v.length - 1]);
  }

  private static String ratio(List<Run> runs, List<Run> base, ToDoubleFunction<Run> f) {
    double[] mine = runs.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).toArray();
    double[] theirs = base.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).toArray();
    if (mine.length == 0 || theirs.length == 0) {
      return "–";
    }
    return String.format("%.2f×", median(mine) / median(theirs));
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}

package dev.steward.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal homeserver on {@link LoopbackHttpServer}, on 127.0.0.1: serves the fixture's batches through {@code /sync},
 * lap after lap when the harness allows more laps (see {@link SyncFixture#serve}), acts on each send's transaction
 * id once (as Synapse does), and records per reply which command it answers and how long after that command's batch
 * was served the reply arrived.
 */
final class BenchHomeserver implements AutoCloseable {
  /** How long the first batch of messages is held back at least, and at most, while the bot settles. */
  static final long SETTLE_MIN_MILLIS = 1_500;
  static final long SETTLE_MAX_MILLIS = 10_000;

  /**
   * The process as a lap's first batch of messages was served: the clock, the process's CPU, each thread's CPU and
   * the JIT compilers' total time in milliseconds.
   */
  record LapStart(long nanos, long cpuNanos, Map<Long, ThreadCpu.Sample> threads, long jitMillis) {}

  private final SyncFixture fixture;
  private final int perBatch;
  /** Whether a batch is held back until every command before it is answered (one command in flight at a time). */
  private final boolean closedLoop;
  private final Object answered = new Object();
  private final LoopbackHttpServer server;
  /** When each sync position was first served. */
  private final Map<Long, Long> servedAt = new ConcurrentHashMap<>();
  private final Set<String> txns = ConcurrentHashMap.newKeySet();
  final Map<String, AtomicInteger> repliesByCommand = new ConcurrentHashMap<>();
  final long[] latencyNanos;
  /** Round trips recorded in {@link #latencyNanos} since the harness last reset it. */
  final AtomicInteger latencies = new AtomicInteger();
  /** When each lap's first batch of messages was served, by lap. */
  final Map<Integer, LapStart> lapStarts = new ConcurrentHashMap<>();
  /** Laps the bot may have: the first batch of a later lap waits, as a long-poll with nothing new, until allowed. */
  private volatile int lapsAllowed = 1;
  private volatile boolean settled;
  /** When the first {@code /sync} request arrived (0 before): a cold run's start-up ends there. */
  final AtomicLong firstSyncNanos = new AtomicLong();
  /** Counted down when every command of the first lap has its reply. */
  final CountDownLatch firstLapAnswered = new CountDownLatch(1);
  /** When the last command of the first lap got its reply (0 before). */
  volatile long firstLapAnsweredNanos;
  /** Requests answered 404 because the bench does not serve them, {@code METHOD path} with how often. */
  final Map<String, AtomicInteger> unanswered = new ConcurrentHashMap<>();

  BenchHomeserver(SyncFixture fixture, int perBatch, boolean closedLoop) throws IOException {
    this(fixture, perBatch, closedLoop, true);
  }

  /**
   * {@code settle} false serves the messages as soon as the bot asks for them (a cold run: the start-up is measured,
   * not waited out).
   */
  BenchHomeserver(SyncFixture fixture, int perBatch, boolean closedLoop, boolean settle) throws IOException {
    this.settled = !settle;
    this.fixture = fixture;
    this.perBatch = perBatch;
    this.closedLoop = closedLoop;
    this.latencyNanos = new long[fixture.commands() * 2 + 16];
    server = new LoopbackHttpServer(this::handle);
  }

  /** Connections the bot opened to this server so far. */
  int connections() {
    return server.accepted();
  }

  String url() {
    return "http://127.0.0.1:" + server.port() + "/";
  }

  /** Lets the bot have laps up to {@code laps} in all. */
  void allowLaps(int laps) {
    lapsAllowed = Math.min(laps, SyncFixture.MAX_LAPS);
  }

  private LoopbackHttpServer.Response handle(String method, String target, byte[] body) throws InterruptedException {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    if (path.startsWith("/_matrix/client/r0/")) {
      // the legacy prefix of the same endpoints, which older clients use (matrix-bot-sdk 0.6)
      path = "/_matrix/client/v3/" + path.substring("/_matrix/client/r0/".length());
    }
    if (path.startsWith("/_matrix/client/v3/sync")) {
      return sync(q < 0 ? null : target.substring(q + 1));
    }
    if (path.contains("/send/")) {
      return send(path, new String(body, StandardCharsets.UTF_8));
    }
    if (path.endsWith("/account/whoami")) {
      return json(200, "{\"user_id\":\"" + SyncFixture.BOT + "\",\"device_id\":\"BENCH\"}");
    }
    if (path.endsWith("/filter")) {
      return json(200, "{\"filter_id\":\"bench\"}");
    }
    if (method.equals("GET") && path.equals("/_matrix/client/v3/joined_rooms")) {
      return joinedRooms();
    }
    if (method.equals("GET") && path.startsWith("/_matrix/client/v3/user/") && path.contains("/account_data/")) {
      // the account has no account data of any type: the specification's answer is 404 M_NOT_FOUND
      return json(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Account data not found\"}");
    }
    unanswered.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
    return json(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"not in the benchmark\"}");
  }

  /** Every room of the fixture: the bot is joined to each (its state batch says so). */
  private LoopbackHttpServer.Response joinedRooms() {
    StringBuilder b = new StringBuilder("{\"joined_rooms\":[");
    for (int r = 0; r < fixture.rooms(); r++) {
      b.append(r == 0 ? "\"" : ",\"").append(SyncFixture.roomId(r)).append('"');
    }
    return json(200, b.append("]}").toString());
  }

  private LoopbackHttpServer.Response sync(String query) throws InterruptedException {
    firstSyncNanos.compareAndSet(0, System.nanoTime());
    long position = 0;
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith("since=b")) {
          position = Long.parseLong(kv.substring(7));
        }
      }
    }
    int lap = position == 0 ? -1 : (int) ((position - 1) / fixture.lapBatches());
    boolean lapStart = position > 0 && (position - 1) % fixture.lapBatches() == 0;
    if (lapStart && !settled) {
      // The first batch of messages waits as a long-poll would on a quiet account: the bot's start-up (Spring,
      // Flyway, Quartz, and the JIT compiling them) settles first, and the clock starts when messages flow.
      settle();
      settled = true;
    }
    if (lap >= lapsAllowed) {
      Thread.sleep(20); // a long-poll with nothing new
      return json(200, "{\"next_batch\":\"" + SyncFixture.token(position) + "\"}");
    }
    if (lapStart && !lapStarts.containsKey(lap)) {
      lapStarts.put(lap, new LapStart(System.nanoTime(),
          ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(),
          ThreadCpu.snapshot(), ManagementFactory.getCompilationMXBean().getTotalCompilationTime()));
    }
    if (closedLoop) {
      awaitAnswers(commandsBefore(position));
    }
    servedAt.putIfAbsent(position, System.nanoTime());
    return new LoopbackHttpServer.Response(200, fixture.serve(position));
  }

  private LoopbackHttpServer.Response send(String path, String body) {
    long now = System.nanoTime();
    String txn = path.substring(0, path.indexOf("/send/")) + path.substring(path.lastIndexOf('/'));
    if (txns.add(txn)) {
      String command = inReplyTo(body);
      repliesByCommand.computeIfAbsent(command, c -> new AtomicInteger()).incrementAndGet();
      if (repliesByCommand.size() >= fixture.commands() && firstLapAnswered.getCount() > 0) {
        synchronized (firstLapAnswered) {
          if (firstLapAnswered.getCount() > 0) {
            firstLapAnsweredNanos = now;
            firstLapAnswered.countDown();
          }
        }
      }
      Long served = servedAt.get(batchOf(command));
      if (served != null) {
        int slot = latencies.getAndIncrement();
        if (slot < latencyNanos.length) {
          latencyNanos[slot] = now - served;
        }
      }
      synchronized (answered) {
        answered.notifyAll();
      }
    }
    return json(200, "{\"event_id\":\"$r" + txn.hashCode() + "\"}");
  }

  /**
   * Waits at least {@link #SETTLE_MIN_MILLIS}, then until the JIT has finished no compilation for half a second (at
   * most {@link #SETTLE_MAX_MILLIS} in all): a fresh runtime's start-up code is still being compiled seconds after it
   * ran, and that compiling is not dispatch.
   */
  static void settle() throws InterruptedException {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    Thread.sleep(SETTLE_MIN_MILLIS);
    if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
      return;
    }
    long last = jit.getTotalCompilationTime();
    int quiet = 0;
    while (quiet < 5 && System.nanoTime() - start < SETTLE_MAX_MILLIS * 1_000_000) {
      Thread.sleep(100);
      long now = jit.getTotalCompilationTime();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
    }
  }

  /** Commands in the batches before sync position {@code position}, laps before it included. */
  private int commandsBefore(long position) {
    if (position == 0) {
      return 0;
    }
    long lap = (position - 1) / fixture.lapBatches();
    int n = (int) lap * fixture.commands();
    for (int b = 0; b <= (position - 1) % fixture.lapBatches(); b++) {
      n += fixture.commandsIn(b);
    }
    return n;
  }

  /** Holds a long-poll until {@code n} commands are answered, as a real long-poll waits for new events. */
  private void awaitAnswers(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    synchronized (answered) {
      while (repliesByCommand.size() < n && System.nanoTime() < deadline) {
        answered.wait(10);
      }
    }
  }

  /** The sync position of the batch of a command {@code $e<lap>-<index>-<random>}: it follows from lap and index. */
  private long batchOf(String eventId) {
    if (eventId == null || !eventId.startsWith("$e")) {
      return -1;
    }
    int lap = Integer.parseInt(eventId.substring(2, 5));
    int index = Integer.parseInt(eventId.substring(6, eventId.indexOf('-', 6)));
    return 1 + (long) lap * fixture.lapBatches() + index / perBatch;
  }

  private static String inReplyTo(String body) {
    int at = body.indexOf("\"m.in_reply_to\"");
    if (at < 0) {
      return null;
    }
    int start = body.indexOf("\"event_id\":\"", at) + 12;
    return body.substring(start, body.indexOf('"', start));
  }

  private static LoopbackHttpServer.Response json(int status, String json) {
    return new LoopbackHttpServer.Response(status, json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

package dev.steward.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A minimal homeserver on the JDK's HTTP server, on 127.0.0.1: serves the fixture's batches through {@code /sync},
 * acts on each send's transaction id once (as Synapse does), and records per reply which command it answers and
 * how long after that command's batch was served the reply arrived.
 */
final class BenchHomeserver implements AutoCloseable {
  private final SyncFixture fixture;
  private final int perBatch;
  private final HttpServer server;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final AtomicLongArray servedAt;
  private final Set<String> txns = ConcurrentHashMap.newKeySet();
  final Map<String, AtomicInteger> repliesByCommand = new ConcurrentHashMap<>();
  final long[] latencyNanos;
  final AtomicInteger latencies = new AtomicInteger();
  final AtomicLong firstSyncAt = new AtomicLong();
  final AtomicLong lastReplyAt = new AtomicLong();

  BenchHomeserver(SyncFixture fixture, int perBatch) throws IOException {
    this.fixture = fixture;
    this.perBatch = perBatch;
    this.servedAt = new AtomicLongArray(fixture.batches().size());
    this.latencyNanos = new long[fixture.commands() * 2 + 16];
    // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: ~40 ms per request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    if (path.startsWith("/_matrix/client/v3/sync")) {
      sync(ex);
    } else if (path.contains("/send/")) {
      send(ex, path, new String(body, StandardCharsets.UTF_8));
    } else if (path.endsWith("/account/whoami")) {
      respond(ex, 200, "{\"user_id\":\"" + SyncFixture.BOT + "\",\"device_id\":\"BENCH\"}");
    } else if (path.endsWith("/filter")) {
      respond(ex, 200, "{\"filter_id\":\"bench\"}");
    } else {
      respond(ex, 404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"not in the benchmark\"}");
    }
  }

  private void sync(HttpExchange ex) throws IOException {
    String query = ex.getRequestURI().getQuery();
    int index = 0;
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith("since=b")) {
          index = Integer.parseInt(kv.substring(7));
        }
      }
    }
    firstSyncAt.compareAndSet(0, System.nanoTime());
    if (index >= fixture.batches().size()) {
      try {
        Thread.sleep(20); // a long-poll with nothing new
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      respond(ex, 200, "{\"next_batch\":\"b" + index + "\"}");
      return;
    }
    servedAt.compareAndSet(index, 0, System.nanoTime());
    byte[] batch = fixture.batches().get(index);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, batch.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(batch);
    }
  }

  private void send(HttpExchange ex, String path, String body) throws IOException {
    long now = System.nanoTime();
    String txn = path.substring(0, path.indexOf("/send/")) + path.substring(path.lastIndexOf('/'));
    if (txns.add(txn)) {
      String command = inReplyTo(body);
      repliesByCommand.computeIfAbsent(command, c -> new AtomicInteger()).incrementAndGet();
      int batch = batchOf(command);
      if (batch > 0 && servedAt.get(batch) != 0) {
        int slot = latencies.getAndIncrement();
        if (slot < latencyNanos.length) {
          latencyNanos[slot] = now - servedAt.get(batch);
        }
      }
      lastReplyAt.set(now);
    }
    respond(ex, 200, "{\"event_id\":\"$r" + txn.hashCode() + "\"}");
  }

  /** The fixture's command ids are {@code $e<index>-<hex>}: their batch follows from the index. */
  private int batchOf(String eventId) {
    if (eventId == null || !eventId.startsWith("$e")) {
      return -1;
    }
    return 1 + Integer.parseInt(eventId.substring(2, eventId.indexOf('-'))) / perBatch;
  }

  private static String inReplyTo(String body) {
    int at = body.indexOf("\"m.in_reply_to\"");
    if (at < 0) {
      return null;
    }
    int start = body.indexOf("\"event_id\":\"", at) + 12;
    return body.substring(start, body.indexOf('"', start));
  }

  private static void respond(HttpExchange ex, int code, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}

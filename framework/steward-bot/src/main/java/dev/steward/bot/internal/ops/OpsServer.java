package dev.steward.bot.internal.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.steward.bot.config.Durations;
import dev.steward.bot.config.OpsConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint ({@code ops.listen}): {@code /metrics} in the Prometheus text format, {@code /health}
 * (alive: a sync succeeded within {@code ops.alive_within}) and {@code /ready} (logged in, first sync handled), each
 * check answering 200 or 503 with a short JSON reason. One thread; nothing here touches the homeserver.
 */
public final class OpsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OpsServer.class);

  private final HttpServer server;
  private final ExecutorService thread;
  private final StewardMetrics metrics;
  private final BooleanSupplier ready;
  private final LongSupplier clockMillis;
  private final long startedMillis;
  private final Duration aliveWithin;
  private final byte[] token;

  private OpsServer(OpsConfig config, StewardMetrics metrics, BooleanSupplier ready, LongSupplier clockMillis)
      throws IOException {
    this.metrics = metrics;
    this.ready = ready;
    this.clockMillis = clockMillis;
    this.startedMillis = clockMillis.getAsLong();
    this.aliveWithin = config.aliveWithin();
    this.token = config.token().isEmpty() ? null : ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
    this.server = HttpServer.create(config.address(), 16);
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "steward-ops");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(thread);
    server.createContext("/metrics", this::metrics);
    server.createContext("/health", this::health);
    server.createContext("/ready", this::ready);
  }

  /**
   * Listens on {@code config.listen()}.
   *
   * @param ready whether the bot has logged in and handled its first sync
   * @throws UncheckedIOException when the address cannot be bound (in use, not this host's)
   */
  public static OpsServer start(OpsConfig config, StewardMetrics metrics, BooleanSupplier ready,
                                LongSupplier clockMillis) {
    try {
      OpsServer ops = new OpsServer(config, metrics, ready, clockMillis);
      ops.server.start();
      log.info("metrics and health on http://{}/metrics, /health, /ready", ops.address().getHostString() + ":"
          + ops.address().getPort());
      return ops;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on ops.listen " + config.listen() + ": " + e.getMessage(), e);
    }
  }

  /** The address listened on (the real port when {@code ops.listen} asked for port 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void metrics(HttpExchange x) throws IOException {
    if (token != null && !authorized(x)) {
      answer(x, 401, "application/json", "{\"error\":\"needs Authorization: Bearer <ops.token>\"}");
      return;
    }
    answer(x, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
  }

  private void health(HttpExchange x) throws IOException {
    long now = clockMillis.getAsLong();
    long last = metrics.lastSyncMillis();
    long since = now - (last == 0 ? startedMillis : last);
    boolean alive = since <= aliveWithin.toMillis();
    String reason = last == 0
        ? (alive ? "starting: no sync yet" : "no sync succeeded since the start, " + ago(since))
        : (alive ? "last sync " + ago(since) : "no sync succeeded for " + Durations.format(aliveWithin)
            + ": last " + ago(since));
    answer(x, alive ? 200 : 503, "application/json",
        "{\"status\":\"" + (alive ? "up" : "down") + "\",\"reason\":\"" + reason + "\"}");
  }

  private void ready(HttpExchange x) throws IOException {
    boolean ok = ready.getAsBoolean();
    answer(x, ok ? 200 : 503, "application/json", ok ? "{\"status\":\"ready\"}"
        : "{\"status\":\"starting\",\"reason\":\"not logged in, or the first sync is not handled yet\"}");
  }

  private static String ago(long millis) {
    return Durations.format(Duration.ofSeconds(Math.max(0, millis / 1000))) + " ago";
  }

  private boolean authorized(HttpExchange x) {
    String given = x.getRequestHeaders().getFirst("Authorization");
    return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
  }

  private static void answer(HttpExchange x, int status, String type, String body) throws IOException {
    try (x) {
      if (!x.getRequestMethod().equals("GET") && !x.getRequestMethod().equals("HEAD")) {
        x.getResponseHeaders().set("Allow", "GET, HEAD");
        x.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().set("Content-Type", type);
      x.getResponseHeaders().set("Cache-Control", "no-store");
      boolean head = x.getRequestMethod().equals("HEAD");
      x.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = x.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    thread.shutdownNow();
  }
}

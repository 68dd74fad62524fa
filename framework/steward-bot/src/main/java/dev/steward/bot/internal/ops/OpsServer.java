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
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint ({@code ops.listen}): {@code /metrics} in the Prometheus text format, {@code /health}
 * (alive: a sync succeeded within {@code ops.alive_within}) and {@code /ready} (logged in, first sync handled), each
 * check answering 200 or 503 with a short JSON reason, and the status page on {@code /status} ({@link StatusPage}).
 * A few threads; only the status page asks the homeserver anything (the joined rooms, waiting at most two seconds),
 * so the health checks are answered while a view of it waits.
 */
public final class OpsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
  private static final String STARTING = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Steward: starting</title>"
      + "</head><body><p>The bot is starting: not connected to its homeserver yet.</p></body></html>";

  private static final int THREADS = 4;

  private final HttpServer server;
  private final ExecutorService thread;
  private final StewardMetrics metrics;
  private final BooleanSupplier ready;
  private final LongSupplier clockMillis;
  private final long startedMillis;
  private final Duration aliveWithin;
  private final byte[] token;
  private final byte[] basicPassword;
  /** Set once the bot is connected; before that the status page says the bot is starting. */
  private volatile StatusPage statusPage;

  private OpsServer(OpsConfig config, StewardMetrics metrics, BooleanSupplier ready, LongSupplier clockMillis)
      throws IOException {
    this.metrics = metrics;
    this.ready = ready;
    this.clockMillis = clockMillis;
    this.startedMillis = clockMillis.getAsLong();
    this.aliveWithin = config.aliveWithin();
    this.token = config.token().isEmpty() ? null : ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
    this.basicPassword = config.token().getBytes(StandardCharsets.UTF_8);
    this.server = HttpServer.create(config.address(), 16);
    AtomicInteger threads = new AtomicInteger();
    // A few threads: a probe of /health or /ready must not wait behind a status page that waits on the homeserver.
    this.thread = Executors.newFixedThreadPool(THREADS, r -> {
      Thread t = new Thread(r, "steward-ops-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(thread);
    server.createContext("/metrics", this::metrics);
    server.createContext("/health", this::health);
    server.createContext("/ready", this::ready);
    server.createContext("/", this::status);
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
      log.info("metrics, health and status on http://{}/metrics, /health, /ready, /status",
          ops.address().getHostString() + ":" + ops.address().getPort());
      return ops;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on ops.listen " + config.listen() + ": " + e.getMessage(), e);
    }
  }

  /** Serves {@code page} on {@code /} and {@code /status} from now on. */
  public void statusPage(StatusPage page) {
    this.statusPage = page;
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

  /**
   * The status page, on {@code /} and {@code /status}. Behind the token like {@code /metrics}; a browser may give
   * it as the password of HTTP Basic authentication (any user name), so a phone can open the page.
   */
  private void status(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    if (!path.equals("/") && !path.equals("/status")) {
      answer(x, 404, "application/json", "{\"error\":\"not found; try /status, /metrics, /health or /ready\"}");
      return;
    }
    if (token != null && !authorized(x)) {
      x.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"steward ops\", charset=\"UTF-8\"");
      answer(x, 401, "application/json", "{\"error\":\"needs Authorization: Bearer <ops.token>, or the token as "
          + "the password of Basic authentication\"}");
      return;
    }
    StatusPage page = statusPage;
    String html;
    try {
      html = page == null ? STARTING : page.render();
    } catch (RuntimeException e) {
      log.error("the status page failed", e);
      answer(x, 500, "application/json", "{\"error\":\"the status page failed; the bot's log has the details\"}");
      return;
    }
    // The page has no script and no outside resource: a strict policy costs nothing and stops injected markup.
    x.getResponseHeaders().set("Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    x.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    answer(x, page == null ? 503 : 200, "text/html; charset=utf-8", html);
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
    if (given == null) {
      return false;
    }
    if (given.regionMatches(true, 0, "Basic ", 0, 6)) {
      byte[] decoded;
      try {
        decoded = Base64.getDecoder().decode(given.substring(6).trim());
      } catch (IllegalArgumentException e) {
        return false;
      }
      int colon = indexOf(decoded, (byte) ':');
      return colon >= 0 && MessageDigest.isEqual(basicPassword, Arrays.copyOfRange(decoded, colon + 1,
          decoded.length));
    }
    return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
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

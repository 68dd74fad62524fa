package dev.steward.bot.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.config.OpsConfig;
import dev.steward.bot.ops.StatusSection;
import dev.steward.bot.ops.StatusTable;
import dev.steward.bot.schedule.ScheduledJob;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status page on the ops endpoint: behind the token (Bearer, or the password of Basic authentication), every
 * value escaped, errors shown by errcode without their message.
 */
class StatusPageTest {
  private static final long NOW = Instant.parse("2026-12-05T14:00:00Z").toEpochMilli();
  private final HttpClient http = HttpClient.newHttpClient();
  private final StewardMetrics metrics = new StewardMetrics(() -> NOW);
  private OpsServer ops;

  @AfterEach
  void close() {
    if (ops != null) {
      ops.close();
    }
    metrics.close();
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.address().getPort() + path))
        .timeout(Duration.ofSeconds(5));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private void start(String token) {
    ops = OpsServer.start(new OpsConfig("127.0.0.1:0", Duration.ofMinutes(2), token), metrics, () -> true,
        () -> NOW);
  }

  private StatusPage page(StatusSection... sections) {
    RoomId room = RoomId.of("!lobby:test");
    metrics.roomName(room, "<script>alert(1)</script> Lobby");
    return StatusPage.of(new StatusPage.Sources("@bot:test", "http://hs.test/", Map.of("ping", "test.PingBot"),
        () -> List.of(room, RoomId.of("!quiet:test")),
        limit -> List.of(new ScheduledJob("HousekeepingBot.archive", "scheduled", "cron 0 0 3 * * ? UTC",
            Optional.of(Instant.ofEpochMilli(NOW).plus(Duration.ofHours(13))))), () -> 40,
        () -> List.of(sections)), metrics, () -> NOW, () -> true);
  }

  @Test
  void wantsTheTokenAsBearerOrAsTheBasicPasswordAndEscapesEveryValue() throws Exception {
    start("s3cret");
    ops.statusPage(page(limit -> new StatusTable("Recent <b>actions</b>", List.of("Action"),
        List.of(List.of("ban \"x\" & <i>y</i>")), "none")));
    metrics.failed("PingBot.ping", new MatrixException("POST /send", 403, "M_FORBIDDEN",
        "the body of a private message", null));
    metrics.failed("dispatch", new IllegalStateException("quoting a message body"));

    HttpResponse<String> refused = get("/status", null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic ");
    assertThat(get("/status", basic("ops", "wrong")).statusCode()).isEqualTo(401);
    assertThat(get("/status", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(get("/", basic("anyone", "s3cret")).statusCode()).isEqualTo(200);
    assertThat(get("/metrics", basic("anyone", "s3cret")).statusCode()).isEqualTo(200);
    assertThat(get("/nothing-here", "Bearer s3cret").statusCode()).isEqualTo(404);

    HttpResponse<String> page = get("/status", "Bearer s3cret");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("default-src 'none'");
    String html = page.body();
    assertThat(html).contains("<meta name=\"viewport\"")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; Lobby").doesNotContain("<script")
        .contains("Recent &lt;b&gt;actions&lt;/b&gt;").contains("ban &quot;x&quot; &amp; &lt;i&gt;y&lt;/i&gt;")
        .contains("<section id=\"recent-b-actions-b\">")
        .contains("Rooms joined: 2").contains("!quiet:test")
        .contains("HousekeepingBot.archive").contains("Scheduled jobs: the 1 soonest of 40")
        .contains("2026-12-06 03:00:00 UTC (in 13h)")
        .contains("M_FORBIDDEN (HTTP 403)").contains("IllegalStateException")
        .doesNotContain("private message").doesNotContain("quoting a message body")
        .contains("No command has run yet.");
  }

  @Test
  void answersThatTheBotIsStartingBeforeItIsConnectedAndNeedsNoTokenOnLoopbackWithoutOne() throws Exception {
    start("");
    HttpResponse<String> starting = get("/status", null);
    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(starting.body()).contains("starting");

    ops.statusPage(page(limit -> {
      throw new IllegalStateException("the bot's table broke");
    }));
    HttpResponse<String> page = get("/", null);
    assertThat(page.statusCode()).as("a broken section costs only itself").isEqualTo(200);
    assertThat(page.body()).contains("status page: section StatusPageTest").contains("HousekeepingBot.archive");
  }

  @Test
  void healthAnswersWhileStatusPagesWaitOnTheHomeserver() throws Exception {
    start("");
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(2);
    ops.statusPage(page(limit -> {
      waiting.countDown();
      try {
        release.await(); // a section reading the homeserver during an outage
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new StatusTable("Slow", List.of("A"), List.of(), "none");
    }));
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> pages = List.of(
        http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.address().getPort() + "/status"))
            .build(), HttpResponse.BodyHandlers.ofString()),
        http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.address().getPort() + "/"))
            .build(), HttpResponse.BodyHandlers.ofString()));
    try {
      assertThat(waiting.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("both pages reached the section")
          .isTrue();
      assertThat(get("/health", null).statusCode()).as("/health beside two waiting status pages").isEqualTo(200);
      assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
    } finally {
      release.countDown();
    }
    for (var p : pages) {
      assertThat(p.get(5, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }
}

package dev.steward.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.runtime.Steward;
import dev.steward.client.MatrixClient;
import dev.steward.client.RetryPolicy;
import dev.steward.client.testing.ExpectedFailures;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * The ops endpoint through the whole runtime: after 100 commands {@code /metrics} holds the counts they caused (and
 * the store's timings), with no id in any label, and {@code /status} lists them; {@code /health} turns 503 while
 * the homeserver is away and 200 once it is back.
 */
@ExpectedFailures("the homeserver goes away on purpose: outage warnings")
class OpsEndpointTest {
  private static final int COMMANDS = 100;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static final class PingBot {
    @Command("!ping")
    void ping(CommandContext ctx, @Rest String n) {
      ctx.reply("pong " + n);
    }
  }

  private HttpResponse<String> get(InetSocketAddress ops, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.getPort() + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the one sample of {@code name} whose labels include all of {@code labels}. */
  private static double sample(String scrape, String name, String... labels) {
    return scrape.lines().filter(l -> l.startsWith(name + "{"))
        .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private int awaitHealth(InetSocketAddress ops, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int last;
    do {
      last = get(ops, "/health").statusCode();
      if (last == status) {
        return last;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return last;
  }

  @Test
  void metricsCountWhatTheCommandsCausedAndHealthFollowsTheHomeserver() throws Exception {
    FaultyHomeserver hs = new FaultyHomeserver(COMMANDS, 4, 25, 3L, 0);
    try (MockWebServer server = new MockWebServer()) {
      server.setServerSocketFactory(new FaultyHomeserver.NoDelay());
      server.setDispatcher(hs);
      server.start();
      String yaml = """
          homeserver: {url: '%s'}
          auth: {user_id: '@bot:test', access_token: not-a-real-token}
          bot: {sync_timeout: 1s, replay_on_first_start: true}
          storage: {url: 'jdbc:h2:mem:ops-%s;DB_CLOSE_DELAY=-1'}
          ops: {listen: '127.0.0.1:0', alive_within: 2s}
          """.formatted(server.url("/"), UUID.randomUUID());
      MatrixClient.Builder client = MatrixClient.builder().callTimeout(Duration.ofSeconds(2))
          .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(20), 30, Duration.ofSeconds(1)));
      try (Steward steward = Steward.builder(ConfigLoader.loadString(yaml, k -> null)).beans(new PingBot())
          .client(client).build().start()) {
        InetSocketAddress ops = steward.opsAddress().orElseThrow();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (hs.repliesByCommand.size() < COMMANDS && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(hs.repliesByCommand).hasSize(COMMANDS);

        HttpResponse<String> metrics = get(ops, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        String scrape = metrics.body();
        assertThat(sample(scrape, "steward_commands_total", "command=\"!ping\"", "outcome=\"ok\""))
            .isEqualTo(COMMANDS);
        assertThat(sample(scrape, "steward_events_received_total", "kind=\"message\"")).isEqualTo(COMMANDS);
        assertThat(sample(scrape, "steward_events_handled_total", "kind=\"message\"")).isEqualTo(COMMANDS);
        assertThat(sample(scrape, "steward_homeserver_requests_seconds_count",
            "endpoint=\"/client/rooms/{id}/send\"", "status=\"200\"")).isEqualTo(COMMANDS);
        assertThat(sample(scrape, "steward_handler_seconds_count", "handler=\"PingBot.ping\"")).isEqualTo(COMMANDS);
        assertThat(scrape).contains("jvm_memory_used_bytes").contains("steward_sync_lag_seconds");
        assertThat(sample(scrape, "steward_store_operations_seconds_count", "operation=\"command_log_record\"",
            "failed=\"false\"")).isEqualTo(COMMANDS);
        assertThat(sample(scrape, "steward_store_operations_seconds_count", "operation=\"sync_token_save\""))
            .isPositive();
        String status = get(ops, "/status").body();
        assertThat(status).contains("<td data-label=\"Command\">!ping</td><td data-label=\"Outcome\">ok</td>")
            .contains("PingBot")
            .as("no arguments, so no message body").doesNotContain("pong");
        assertThat(Pattern.compile("[!@$][A-Za-z0-9]+:test").matcher(scrape).find())
            .as("no room, user or event id in any label").isFalse();
        assertThat(get(ops, "/ready").statusCode()).isEqualTo(200);
        assertThat(get(ops, "/health").statusCode()).isEqualTo(200);

        hs.down = true;
        assertThat(awaitHealth(ops, 503)).as("/health while the homeserver is away").isEqualTo(503);
        assertThat(get(ops, "/health").body()).contains("\"status\":\"down\"").contains("no sync succeeded for 2s");
        hs.down = false;
        assertThat(awaitHealth(ops, 200)).as("/health once it is back").isEqualTo(200);
      }
    }
  }
}

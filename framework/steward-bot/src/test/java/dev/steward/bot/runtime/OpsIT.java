package dev.steward.bot.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.testing.ExpectedFailures;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} on a real Synapse: 200 while it syncs, 503 while Synapse is stopped, 200 again once it is back. */
@ExpectedFailures("Synapse is stopped on purpose: outage warnings")
class OpsIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private int status(InetSocketAddress ops, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.getPort() + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void healthFollowsTheHomeserver() throws Exception {
    TestUser bot = hs.newUser("ops");
    try (Steward steward = RuntimeFixture.startReady(Steward.builder(RuntimeFixture.config(hs, bot,
        "url: jdbc:h2:file:" + dir + "/steward", """
            ops:
              listen: 127.0.0.1:0
              alive_within: 6s
            """)))) {
      InetSocketAddress ops = steward.opsAddress().orElseThrow();
      assertThat(status(ops, "/ready")).isEqualTo(200);
      assertThat(status(ops, "/health")).isEqualTo(200);

      // sync_timeout is 5s in the fixture: down for 15 s leaves well over alive_within without a sync.
      Thread watcher = new Thread(() -> hs.restart(Duration.ofSeconds(15)));
      watcher.start();
      int seen = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(14).toNanos();
      while (System.nanoTime() < deadline && (seen = status(ops, "/health")) != 503) {
        Thread.sleep(250);
      }
      assertThat(seen).as("/health while Synapse is stopped").isEqualTo(503);
      watcher.join();
      deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && (seen = status(ops, "/health")) != 200) {
        Thread.sleep(250);
      }
      assertThat(seen).as("/health once Synapse is back").isEqualTo(200);
    }
  }
}

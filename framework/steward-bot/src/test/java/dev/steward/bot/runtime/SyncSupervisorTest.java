package dev.steward.bot.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RetryPolicy;
import dev.steward.client.SyncLoop;
import dev.steward.client.UserId;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.ExpectedFailures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@ExpectedFailures("revoked tokens: the sync loop and supervisor log WARN and ERROR lines")
class SyncSupervisorTest {
  private static final String REVOKED = "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Access token has been revoked\"}";

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger logins = new AtomicInteger();
  private final List<String> syncAuth = new CopyOnWriteArrayList<>();
  private final BlockingQueue<SyncResponse> delivered = new LinkedBlockingQueue<>();
  private volatile int revokedSyncs;
  private MatrixClient client;
  private SyncSupervisor supervisor;

  private void serve(int syncsRevoked) {
    revokedSyncs = syncsRevoked;
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
        String path = r.getPath();
        if (path.startsWith("/_matrix/client/v3/login")) {
          int n = logins.incrementAndGet();
          return json(200, "{\"user_id\":\"@bot:localhost\",\"access_token\":\"token-" + n + "\",\"device_id\":\"D\"}");
        }
        if (path.contains("/filter")) {
          return json(200, "{\"filter_id\":\"f\"}");
        }
        syncAuth.add(r.getHeader("Authorization"));
        if (revokedSyncs-- > 0) {
          return json(401, REVOKED);
        }
        Thread.sleep(20);
        return json(200, "{\"next_batch\":\"s" + syncAuth.size() + "\"}");
      }
    });
    client = MatrixClient.builder().homeserver(server.url("/")).accessToken("token-0")
        .userId(UserId.of("@bot:localhost")).retryPolicy(RetryPolicy.NONE).build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  private SyncSupervisor supervisor(boolean withPassword) {
    supervisor = new SyncSupervisor(
        () -> SyncLoop.builder(client, delivered::add).timeout(Duration.ofMillis(50))
            .backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build(),
        withPassword ? () -> client.login("@bot:localhost", "pw", client.deviceId(), "Steward") : null);
    return supervisor;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (supervisor != null) {
      supervisor.stop(Duration.ofSeconds(5));
    }
    server.shutdown();
  }

  @Test
  void logsInAgainWhenTheTokenIsRevokedAndKeepsSyncing() throws Exception {
    serve(1);
    supervisor(true).start();

    assertThat(delivered.poll(5, TimeUnit.SECONDS)).as("a batch after logging in again").isNotNull();
    assertThat(logins.get()).isEqualTo(1);
    assertThat(syncAuth.get(0)).isEqualTo("Bearer token-0");
    assertThat(syncAuth.get(1)).isEqualTo("Bearer token-1");
    assertThat(supervisor.failure()).isEmpty();
  }

  @Test
  void givesUpAfterThreeLoginsInAShortTime() throws Exception {
    serve(Integer.MAX_VALUE);
    supervisor(true).start();

    assertThat(supervisor.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(logins.get()).isEqualTo(SyncSupervisor.MAX_RELOGINS);
    assertThat(supervisor.failure()).get().extracting(Throwable::getMessage).asString()
        .startsWith("the access token was rejected again after 3 logins within 10 minutes; stopping");
    assertThat(delivered).isEmpty();
  }

  @Test
  void stopsWithTheHomeserverErrorWhenNoPasswordIsConfigured() throws Exception {
    serve(1);
    supervisor(false).start();

    assertThat(supervisor.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(supervisor.failure()).get().isInstanceOfSatisfying(MatrixException.class,
        e -> assertThat(e.isUnknownToken()).isTrue());
    assertThat(logins.get()).isZero();
  }

  @Test
  void waitingForTheFirstBatchEndsAtOnceWhenTheBotStoppedBeforeIt() throws Exception {
    serve(1);
    supervisor(false).start();

    long start = System.nanoTime();
    boolean ready = supervisor.awaitFirstBatch(Duration.ofSeconds(60));

    assertThat(ready).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(supervisor.failure()).isPresent();
  }
}

package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static dev.steward.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.testing.ExpectedFailures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@ExpectedFailures("5xx answers, timeouts and dropped connections: retry warnings")
class RetryTest {
  private static final String VERSIONS = "{\"versions\":[\"v1.11\"]}";
  private static final String RATE_LIMITED =
      "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too many requests\",\"retry_after_ms\":1234}";

  private final MockWebServer server = new MockWebServer();
  private final List<Duration> sleeps = Fixtures.sleeps();
  private final MatrixClient client = Fixtures.client(server, sleeps);
  private final RoomId room = RoomId.of("!room:localhost");

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  @Test
  void waitsRetryAfterMsThenRetries() {
    server.enqueue(json(429, RATE_LIMITED));
    server.enqueue(ok(VERSIONS));

    assertThat(client.versions().versions()).containsExactly("v1.11");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(sleeps).containsExactly(Duration.ofMillis(1234));
  }

  @Test
  void theObserverHearsEveryAttemptEachRetryAndRateLimitWaitWithTheEndpointNotTheIds() {
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    MatrixClient observed = MatrixClient.builder().homeserver(server.url("/")).accessToken("t")
        .userId(UserId.of("@bot:localhost")).retrySleeper(sleeps::add).requestObserver(new RequestObserver() {
          @Override
          public void answered(String method, String endpoint, int status, Duration took) {
            heard.add(method + " " + endpoint + " " + status);
          }

          @Override
          public void retrying(String endpoint, String why) {
            heard.add("retry " + endpoint + " " + why);
          }

          @Override
          public void rateLimited(String endpoint, Duration wait) {
            heard.add("wait " + endpoint + " " + wait.toMillis());
          }
        }).build();
    server.enqueue(json(429, RATE_LIMITED));
    server.enqueue(json(502, "{}"));
    server.enqueue(ok("{\"event_id\":\"$e\"}"));

    observed.sendText(room, "hi");

    String send = "/client/rooms/{id}/send";
    assertThat(heard).containsExactly("PUT " + send + " 429", "wait " + send + " 1234", "PUT " + send + " 502",
        "retry " + send + " HTTP 502", "PUT " + send + " 200");
  }

  @Test
  void usesRetryAfterHeaderWhenBodyHasNoDelay() {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3"));
    server.enqueue(ok(VERSIONS));

    client.versions();

    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void rateLimitIsRetriedEvenForUnsafePosts() throws Exception {
    server.enqueue(json(429, RATE_LIMITED));
    server.enqueue(ok("{\"user_id\":\"@bot:localhost\",\"access_token\":\"t2\",\"device_id\":\"D\"}"));

    client.login("bot", "pw");

    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/_matrix/client/v3/login");
  }

  @Test
  void givesUpAfterBoundedRateLimitWaits() {
    RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(10), 2, Duration.ofMinutes(1));
    MatrixClient limited = Fixtures.client(server, sleeps, policy);
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(429, RATE_LIMITED));
    }

    MatrixException e = catchThrowableOfType(MatrixException.class, limited::versions);

    assertThat(e.isRateLimited()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void failsAtOnceWhenServerAsksForLongerThanTheMaximumWait() {
    server.enqueue(json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"retry_after_ms\":86400000}"));

    MatrixException e = catchThrowableOfType(MatrixException.class, client::versions);

    assertThat(e.retryAfter()).contains(Duration.ofDays(1));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void retriesSafeRequestsOn5xxWithGrowingBackoff() {
    server.enqueue(new MockResponse().setResponseCode(502));
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(json(500, "{\"errcode\":\"M_UNKNOWN\"}"));
    server.enqueue(ok(VERSIONS));

    client.versions();

    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(sleeps).hasSize(3);
    // Equal jitter: retry n waits between half and all of 500 ms * 2^(n-1).
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    assertThat(sleeps.get(2)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
  }

  @Test
  void stopsAfterMaxAttemptsAndReportsTheLastStatus() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse().setResponseCode(503));
    }

    MatrixException e = catchThrowableOfType(MatrixException.class, client::versions);

    assertThat(e.status()).isEqualTo(503);
    assertThat(server.getRequestCount()).isEqualTo(RetryPolicy.DEFAULT.maxAttempts());
  }

  @Test
  void neverRetriesUnsafePostOn5xx() {
    server.enqueue(new MockResponse().setResponseCode(502));
    server.enqueue(ok("{}"));

    assertThatThrownBy(() -> client.login("bot", "pw")).isInstanceOf(MatrixException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void neverRetriesUnsafePostAfterConnectionReset() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(ok("{}"));

    assertThatThrownBy(() -> client.login("bot", "pw")).isInstanceOf(MatrixException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void retriesSafeRequestAfterConnectionResetAndTimeout() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(ok(VERSIONS));
    MatrixClient impatient = Fixtures.client(server, sleeps, RetryPolicy.DEFAULT, Duration.ofSeconds(1));

    impatient.versions();

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void retriedSendReusesTheSameTransactionId() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(502));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(ok("{\"event_id\":\"$ev1\"}"));

    EventId id = client.sendText(room, "hello");

    assertThat(id).isEqualTo(EventId.of("$ev1"));
    RecordedRequest first = server.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest second = server.takeRequest(5, TimeUnit.SECONDS);
    RecordedRequest third = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(first.getMethod()).isEqualTo("PUT");
    assertThat(first.getPath()).startsWith("/_matrix/client/v3/rooms/!room:localhost/send/m.room.message/steward-");
    assertThat(second.getPath()).isEqualTo(first.getPath());
    assertThat(third.getPath()).isEqualTo(first.getPath());
    assertThat(third.getBody().readUtf8()).isEqualTo("{\"msgtype\":\"m.text\",\"body\":\"hello\"}");
  }

  @Test
  void truncatedAnswerToASendIsAskedAgainWithTheSameTransactionId() throws Exception {
    server.enqueue(ok("{\"event_id\": \"$ev"));
    server.enqueue(ok("{\"event_id\":\"$ev1\"}"));

    assertThat(client.sendText(room, "once")).isEqualTo(EventId.of("$ev1"));
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath())
        .isEqualTo(server.takeRequest(5, TimeUnit.SECONDS).getPath());
  }

  @Test
  void truncatedAnswerToAnUnsafePostIsAnError() {
    server.enqueue(ok("{\"user_id\": \"@bot"));

    assertThatThrownBy(() -> client.login("bot", "pw")).isInstanceOf(MatrixException.class)
        .hasMessageContaining("unreadable response body");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void separateSendsGetDistinctTransactionIds() throws Exception {
    server.enqueue(ok("{\"event_id\":\"$a\"}"));
    server.enqueue(ok("{\"event_id\":\"$b\"}"));

    client.sendText(room, "one");
    client.sendText(room, "two");

    String a = server.takeRequest(5, TimeUnit.SECONDS).getPath();
    String b = server.takeRequest(5, TimeUnit.SECONDS).getPath();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void backoffIsCappedAtMaxBackoff() {
    RetryPolicy p = new RetryPolicy(50, Duration.ofMillis(100), Duration.ofSeconds(2), 0, Duration.ZERO);
    assertThat(p.backoff(40, 1.0)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.backoff(40, 0.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.backoff(1, 0.0)).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void rejectsNonsensePolicies() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO))
        .hasMessageContaining("maxAttempts must be at least 1");
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1), 0, Duration.ZERO))
        .hasMessageContaining("initialBackoff <= maxBackoff");
  }
}

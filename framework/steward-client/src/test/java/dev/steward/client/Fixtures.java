package dev.steward.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;

/** Small helpers shared by the client's unit tests. */
final class Fixtures {
  static final String TOKEN = "syt_c2VjcmV0_TOKEN_must_never_leak";

  private Fixtures() {}

  static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  static MockResponse ok(String body) {
    return json(200, body);
  }

  /** A client against {@code server} whose retries record their delays instead of sleeping. */
  static MatrixClient client(MockWebServer server, List<Duration> sleeps) {
    return client(server, sleeps, RetryPolicy.DEFAULT);
  }

  static MatrixClient client(MockWebServer server, List<Duration> sleeps, RetryPolicy policy) {
    return client(server, sleeps, policy, Duration.ofSeconds(10));
  }

  /** A short {@code callTimeout} only for tests that provoke a timeout: a loaded machine can be slow to answer. */
  static MatrixClient client(MockWebServer server, List<Duration> sleeps, RetryPolicy policy, Duration callTimeout) {
    return MatrixClient.builder()
        .homeserver(server.url("/"))
        .accessToken(TOKEN)
        .userId(UserId.of("@bot:localhost"))
        .retryPolicy(policy)
        .retrySleeper(sleeps::add)
        .callTimeout(callTimeout)
        .build();
  }

  static List<Duration> sleeps() {
    return new CopyOnWriteArrayList<>();
  }
}

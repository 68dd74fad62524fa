package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {
  private final MockWebServer server = new MockWebServer();
  private final MatrixClient client = Fixtures.client(server, Fixtures.sleeps(), RetryPolicy.NONE);

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  @Test
  void forbiddenCarriesStatusErrcodeAndError() {
    server.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You are not invited to this room.\"}"));
    server.enqueue(json(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no archive record\"}"));

    MatrixException e = catchThrowableOfType(MatrixException.class,
        () -> client.sendText(RoomId.of("!r:localhost"), "hi"));

    assertThat(e.status()).isEqualTo(403);
    assertThat(e.errcode()).isEqualTo("M_FORBIDDEN");
    assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    assertThat(e.error()).isEqualTo("You are not invited to this room.");
    assertThat(e.getMessage())
        .startsWith("PUT /_matrix/client/v3/rooms/!r:localhost/send/m.room.message/")
        .contains("HTTP 403 M_FORBIDDEN: You are not invited to this room.");
  }

  @Test
  void unknownTokenIsRecognised() {
    server.enqueue(json(401, "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Invalid access token passed.\","
        + "\"soft_logout\":false}"));

    MatrixException e = catchThrowableOfType(MatrixException.class, client::whoami);

    assertThat(e.isUnknownToken()).isTrue();
    assertThat(e.code()).isEqualTo(ErrorCode.M_UNKNOWN_TOKEN);
  }

  @Test
  void unlistedErrcodeMapsToOtherButKeepsTheRawCode() {
    server.enqueue(json(400, "{\"errcode\":\"ORG_EXAMPLE_CUSTOM\",\"error\":\"custom\"}"));

    MatrixException e = catchThrowableOfType(MatrixException.class, client::versions);

    assertThat(e.code()).isEqualTo(ErrorCode.OTHER);
    assertThat(e.errcode()).isEqualTo("ORG_EXAMPLE_CUSTOM");
  }

  @Test
  void nonJsonErrorBodyStillGivesStatus() {
    server.enqueue(new MockResponse().setResponseCode(502).setBody("<html>Bad Gateway</html>"));

    MatrixException e = catchThrowableOfType(MatrixException.class, client::versions);

    assertThat(e.status()).isEqualTo(502);
    assertThat(e.code()).isEqualTo(ErrorCode.NO_ERRCODE);
    assertThat(e.error()).isEqualTo("non-JSON error body");
  }

  @Test
  void rateLimitCarriesRetryAfterWhenNotRetried() {
    server.enqueue(json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too many requests\","
        + "\"retry_after_ms\":2500}"));

    MatrixException e = catchThrowableOfType(MatrixException.class, client::versions);

    assertThat(e.isRateLimited()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofMillis(2500));
  }

  @Test
  void connectionFailureIsATransportFailure() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));

    MatrixException e = catchThrowableOfType(MatrixException.class, client::versions);

    assertThat(e.isTransportFailure()).isTrue();
    assertThat(e.status()).isZero();
    assertThat(e.getMessage()).startsWith("GET /_matrix/client/versions failed: ");
  }

  @Test
  void accessTokenNeverAppearsInMessagesOrToString() {
    server.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"no\"}"));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));

    MatrixException http = catchThrowableOfType(MatrixException.class, client::whoami);
    MatrixException transport = catchThrowableOfType(MatrixException.class, client::whoami);

    assertThat(http.getMessage()).doesNotContain(Fixtures.TOKEN);
    assertThat(transport.getMessage()).doesNotContain(Fixtures.TOKEN);
    assertThat(client.toString()).doesNotContain(Fixtures.TOKEN);
  }
}

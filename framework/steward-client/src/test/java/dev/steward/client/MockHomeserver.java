package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;

/** Base for the rooms-API unit tests: a MockWebServer, a client without retries, and request helpers. */
abstract class MockHomeserver {
  static final RoomId ROOM = RoomId.of("!room:localhost");
  static final String ROOM_PATH = "/_matrix/client/v3/rooms/!room:localhost";

  final MockWebServer server = new MockWebServer();
  final MatrixClient client = Fixtures.client(server, Fixtures.sleeps(), RetryPolicy.NONE);

  @AfterEach
  void shutdown() throws IOException {
    server.shutdown();
  }

  void answer(String json) {
    server.enqueue(Fixtures.ok(json));
  }

  void answer(int status, String json) {
    server.enqueue(Fixtures.json(status, json));
  }

  void answerError(int status, String errcode) {
    server.enqueue(Fixtures.json(status, "{\"errcode\":\"" + errcode + "\",\"error\":\"nope\"}"));
  }

  void answerEmpty() {
    server.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
        .setBody("{}"));
  }

  /** The next request, asserting its method and path (with query, as sent). */
  RecordedRequest take(String method, String path) {
    try {
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(r).as("a request was sent").isNotNull();
      assertThat(r.getMethod()).isEqualTo(method);
      assertThat(r.getPath()).isEqualTo(path);
      assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + Fixtures.TOKEN);
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode body(RecordedRequest r) {
    try {
      return Json.mapper().readTree(r.getBody().readUtf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An event as the server sends it. */
  static String event(String id, String type, String stateKey, String content) {
    return "{\"event_id\":\"" + id + "\",\"type\":\"" + type + "\",\"sender\":\"@alice:localhost\","
        + "\"origin_server_ts\":1700000000000," + (stateKey == null ? "" : "\"state_key\":\"" + stateKey + "\",")
        + "\"content\":" + content + "}";
  }
}

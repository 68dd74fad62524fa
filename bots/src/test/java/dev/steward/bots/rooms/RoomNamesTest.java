package dev.steward.bots.rooms;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.MatrixClient;
import dev.steward.client.RetryPolicy;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoomNamesTest {
  private final MockWebServer server = new MockWebServer();
  private final RoomId room = RoomId.of("!r:test");
  private MatrixClient client;

  @BeforeEach
  void start() throws Exception {
    server.start();
    client = MatrixClient.builder().homeserver(server.url("/").toString()).accessToken("t")
        .userId(UserId.of("@bot:test")).retryPolicy(RetryPolicy.NONE).build();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdown();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
  }

  @Test
  void readsTheNameFromTheRoomState() throws Exception {
    server.enqueue(json(200, "{\"name\":\"Lobby\"}"));

    assertThat(RoomNames.of(client, room)).isEqualTo("Lobby");
    assertThat(server.takeRequest(5, SECONDS).getPath()).endsWith("/state/m.room.name/");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void fallsBackToTheAliasTextWhenTheNameIsMissingOrBlank() throws Exception {
    server.enqueue(json(200, "{\"name\":\"  \"}"));
    server.enqueue(json(200, "{\"alias\":\"#lobby:test\"}"));

    assertThat(RoomNames.of(client, room)).isEqualTo("#lobby:test");
    server.takeRequest(5, SECONDS);
    assertThat(server.takeRequest(5, SECONDS).getPath()).endsWith("/state/m.room.canonical_alias/");
  }

  @Test
  void usesTheRoomIdWhenTheStateCannotBeRead() throws Exception {
    server.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"not in room\"}"));

    assertThat(RoomNames.of(client, room)).isEqualTo("!r:test");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void usesTheRoomIdWhenThereIsNeitherNameNorAlias() {
    server.enqueue(json(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no name\"}"));
    server.enqueue(json(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no alias\"}"));

    assertThat(RoomNames.of(client, room)).isEqualTo("!r:test");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }
}

package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static dev.steward.client.Fixtures.ok;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.Json;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DirectMessagesTest {
  private static final UserId ALICE = UserId.of("@alice:localhost");
  private static final String DIRECT_PATH = "/_matrix/client/v3/user/@bot:localhost/account_data/m.direct";
  private final MockWebServer server = new MockWebServer();
  private final MatrixClient client = Fixtures.client(server, Fixtures.sleeps(), RetryPolicy.NONE);

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  private JsonNode body(RecordedRequest r) throws Exception {
    return Json.mapper().readTree(r.getBody().readUtf8());
  }

  @Test
  void returnsTheExistingDmWhereAliceIsStillInvited() throws Exception {
    server.enqueue(ok("{\"joined_rooms\":[\"!dm:localhost\"]}"));
    server.enqueue(ok("{\"@alice:localhost\":[\"!dm:localhost\"]}"));
    server.enqueue(ok("{\"membership\":\"invite\"}"));

    assertThat(client.directMessages().getOrCreate(ALICE)).isEqualTo(RoomId.of("!dm:localhost"));

    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo("/_matrix/client/v3/joined_rooms");
    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo(DIRECT_PATH);
    assertThat(server.takeRequest(5, SECONDS).getPath())
        .isEqualTo("/_matrix/client/v3/rooms/!dm:localhost/state/m.room.member/@alice:localhost");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void createsATrustedDirectRoomAndMergesItIntoMDirect() throws Exception {
    server.enqueue(ok("{\"joined_rooms\":[\"!gone:localhost\"]}"));
    server.enqueue(ok("{\"@alice:localhost\":[\"!gone:localhost\"],\"@bob:localhost\":[\"!b:localhost\"]}"));
    server.enqueue(ok("{\"membership\":\"leave\"}"));
    server.enqueue(ok("{\"room_id\":\"!new:localhost\"}"));
    server.enqueue(ok("{\"@alice:localhost\":[\"!gone:localhost\"],\"@bob:localhost\":[\"!b:localhost\"],"
        + "\"x\":1}"));
    server.enqueue(ok("{}"));

    assertThat(client.directMessages().getOrCreate(ALICE)).isEqualTo(RoomId.of("!new:localhost"));

    for (int i = 0; i < 3; i++) {
      server.takeRequest(5, SECONDS);
    }
    RecordedRequest create = server.takeRequest(5, SECONDS);
    assertThat(create.getPath()).isEqualTo("/_matrix/client/v3/createRoom");
    JsonNode c = body(create);
    assertThat(c.path("preset").asText()).isEqualTo("trusted_private_chat");
    assertThat(c.path("is_direct").asBoolean()).isTrue();
    assertThat(c.path("invite").toString()).isEqualTo("[\"@alice:localhost\"]");
    assertThat(server.takeRequest(5, SECONDS).getMethod()).isEqualTo("GET");
    RecordedRequest put = server.takeRequest(5, SECONDS);
    assertThat(put.getMethod()).isEqualTo("PUT");
    assertThat(put.getPath()).isEqualTo(DIRECT_PATH);
    assertThat(body(put).toString()).isEqualTo("{\"@alice:localhost\":[\"!gone:localhost\",\"!new:localhost\"],"
        + "\"@bob:localhost\":[\"!b:localhost\"],\"x\":1}");
  }

  @Test
  void noMDirectYetStartsAFreshMap() throws Exception {
    server.enqueue(ok("{\"joined_rooms\":[]}"));
    server.enqueue(json(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Account data not found\"}"));
    server.enqueue(ok("{\"room_id\":\"!new:localhost\"}"));
    server.enqueue(json(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Account data not found\"}"));
    server.enqueue(ok("{}"));

    client.directMessages().getOrCreate(ALICE);

    for (int i = 0; i < 4; i++) {
      server.takeRequest(5, SECONDS);
    }
    assertThat(body(server.takeRequest(5, SECONDS)).toString())
        .isEqualTo("{\"@alice:localhost\":[\"!new:localhost\"]}");
  }

  @Test
  void invitingSomeoneElseIntoADmIsRefusedBeforeAskingTheServer() {
    server.enqueue(ok("{\"@alice:localhost\":[\"!dm:localhost\"]}"));

    RoomException e = catchThrowableOfType(RoomException.class,
        () -> client.directMessages().invite(RoomId.of("!dm:localhost"), UserId.of("@carol:localhost")));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.INVALID_FOR_ROOM_TYPE);
    assertThat(e.getMessage()).contains("direct chat with @alice:localhost");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void sharedWithListsOnlyJoinedDms() {
    server.enqueue(ok("{\"joined_rooms\":[\"!a:localhost\"]}"));
    server.enqueue(ok("{\"@alice:localhost\":[\"!a:localhost\",\"!left:localhost\",\"not-an-id\"]}"));

    assertThat(client.directMessages().sharedWith(ALICE)).containsExactly(RoomId.of("!a:localhost"));
  }
}

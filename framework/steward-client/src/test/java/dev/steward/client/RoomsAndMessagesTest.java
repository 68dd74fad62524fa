package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static dev.steward.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.Json;
import dev.steward.client.model.CreateRoomRequest;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request shapes of room creation, membership, messages and roles. */
class RoomsAndMessagesTest {
  private static final RoomId ROOM = RoomId.of("!r:localhost");
  private static final UserId ALICE = UserId.of("@alice:localhost");

  private final MockWebServer server = new MockWebServer();
  private final MatrixClient client = Fixtures.client(server, Fixtures.sleeps(), RetryPolicy.NONE);

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  private RecordedRequest take() throws InterruptedException {
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  private static JsonNode body(RecordedRequest r) throws Exception {
    return Json.mapper().readTree(r.getBody().readUtf8());
  }

  @Test
  void createRoomSendsEveryOption() throws Exception {
    server.enqueue(ok("{\"room_id\":\"!new:localhost\"}"));
    CreateRoomRequest request = CreateRoomRequest.builder().name("Ops").topic("on call")
        .preset(CreateRoomRequest.Preset.TRUSTED_PRIVATE_CHAT).visibility(CreateRoomRequest.Visibility.PRIVATE)
        .roomAliasName("ops").invite(ALICE).initialState("m.room.guest_access", "", java.util.Map.of(
            "guest_access", "forbidden")).creationContent("m.federate", false)
        .powerLevelContentOverride(Json.mapper().createObjectNode().put("ban", 60)).direct(true).roomVersion("10")
        .build();

    assertThat(client.rooms().create(request)).isEqualTo(RoomId.of("!new:localhost"));

    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getPath()).isEqualTo("/_matrix/client/v3/createRoom");
    assertThat(body(r)).isEqualTo(Json.mapper().readTree("""
        {"name":"Ops","topic":"on call","preset":"trusted_private_chat","visibility":"private",
         "room_alias_name":"ops","invite":["@alice:localhost"],
         "initial_state":[{"type":"m.room.guest_access","state_key":"","content":{"guest_access":"forbidden"}}],
         "creation_content":{"m.federate":false},"power_level_content_override":{"ban":60},"is_direct":true,
         "room_version":"10"}"""));
  }

  @Test
  void unsetOptionsAreNotSent() throws Exception {
    server.enqueue(ok("{\"room_id\":\"!new:localhost\"}"));

    client.rooms().create(CreateRoomRequest.builder().name("x").build());

    assertThat(body(take()).toString()).isEqualTo("{\"name\":\"x\"}");
  }

  @Test
  void joinByAliasNamesTheServersToAsk() throws Exception {
    server.enqueue(ok("{\"room_id\":\"!r:localhost\"}"));

    client.rooms().join(RoomAlias.of("#lobby:example.org"), ServerName.of("example.org"));

    assertThat(take().getPath())
        .isEqualTo("/_matrix/client/v3/join/%23lobby:example.org?server_name=example.org&via=example.org");
  }

  @Test
  void joinCarriesAReasonWhenGiven() throws Exception {
    server.enqueue(ok("{\"room_id\":\"!r:localhost\"}"));
    server.enqueue(ok("{\"room_id\":\"!r:localhost\"}"));

    client.rooms().join(ROOM, "here to help");
    client.rooms().join(ROOM);

    RecordedRequest withReason = take();
    assertThat(withReason.getPath()).isEqualTo("/_matrix/client/v3/join/!r:localhost");
    assertThat(body(withReason).path("reason").asText()).isEqualTo("here to help");
    assertThat(body(take()).toString()).isEqualTo("{}");
  }

  @Test
  void membershipActionsSendTheUserAndReason() throws Exception {
    server.enqueue(json(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no m.direct\"}"));
    for (int i = 0; i < 5; i++) {
      server.enqueue(ok("{}"));
    }

    client.rooms().invite(ROOM, ALICE);
    client.rooms().kick(ROOM, ALICE, "off topic");
    client.rooms().ban(ROOM, ALICE, "spam");
    client.rooms().unban(ROOM, ALICE, null);
    client.rooms().leave(ROOM, "bye", true);

    // Before inviting, the client reads m.direct: a direct chat takes no third member.
    assertThat(take().getPath()).isEqualTo("/_matrix/client/v3/user/@bot:localhost/account_data/m.direct");
    String[] actions = {"invite", "kick", "ban", "unban"};
    String[] reasons = {null, "off topic", "spam", null};
    for (int i = 0; i < actions.length; i++) {
      RecordedRequest r = take();
      assertThat(r.getPath()).isEqualTo("/_matrix/client/v3/rooms/!r:localhost/" + actions[i]);
      JsonNode b = body(r);
      assertThat(b.path("user_id").asText()).isEqualTo("@alice:localhost");
      assertThat(b.path("reason").asText(null)).isEqualTo(reasons[i]);
    }
    RecordedRequest leave = take();
    assertThat(leave.getPath()).isEqualTo("/_matrix/client/v3/rooms/!r:localhost/leave");
    assertThat(body(leave).path("reason").asText()).isEqualTo("bye");
  }

  @Test
  void messagesOfEveryKindHaveTheirSpecShape() throws Exception {
    for (int i = 0; i < 6; i++) {
      server.enqueue(ok("{\"event_id\":\"$e" + i + "\"}"));
    }
    EventId target = EventId.of("$target");

    client.messages().emote(ROOM, "waves");
    client.messages().html(ROOM, "m.text", "hi *you*", "hi <em>you</em>");
    client.messages().reply(ROOM, target, "m.notice", "answer");
    client.messages().edit(ROOM, target, "m.text", "fixed", null);
    client.messages().react(ROOM, target, "👍");
    client.messages().redact(ROOM, target, "spam");

    assertThat(body(take()).toString()).isEqualTo("{\"msgtype\":\"m.emote\",\"body\":\"waves\"}");
    assertThat(body(take()).toString()).isEqualTo("{\"msgtype\":\"m.text\",\"body\":\"hi *you*\","
        + "\"format\":\"org.matrix.custom.html\",\"formatted_body\":\"hi <em>you</em>\"}");
    assertThat(body(take()).path("m.relates_to").path("m.in_reply_to").path("event_id").asText()).isEqualTo("$target");
    JsonNode edit = body(take());
    assertThat(edit.path("body").asText()).isEqualTo("* fixed");
    assertThat(edit.path("m.new_content").path("body").asText()).isEqualTo("fixed");
    assertThat(edit.path("m.relates_to").path("rel_type").asText()).isEqualTo("m.replace");
    RecordedRequest react = take();
    assertThat(react.getPath()).contains("/send/m.reaction/");
    assertThat(body(react).path("m.relates_to").toString())
        .isEqualTo("{\"rel_type\":\"m.annotation\",\"event_id\":\"$target\",\"key\":\"👍\"}");
    RecordedRequest redact = take();
    assertThat(redact.getMethod()).isEqualTo("PUT");
    assertThat(redact.getPath()).startsWith("/_matrix/client/v3/rooms/!r:localhost/redact/$target/");
    assertThat(body(redact).path("reason").asText()).isEqualTo("spam");
  }

  @Test
  void setPowerLevelKeepsEveryOtherEntry() throws Exception {
    server.enqueue(ok("{\"users\":{\"@bot:localhost\":100},\"ban\":60,\"events\":{\"m.room.name\":50}}"));
    server.enqueue(ok("{\"event_id\":\"$pl\"}"));

    client.roles().makeModerator(ROOM, ALICE);

    take();
    RecordedRequest put = take();
    assertThat(put.getMethod()).isEqualTo("PUT");
    assertThat(put.getPath()).isEqualTo("/_matrix/client/v3/rooms/!r:localhost/state/m.room.power_levels/");
    assertThat(body(put)).isEqualTo(Json.mapper().readTree(
        "{\"users\":{\"@bot:localhost\":100,\"@alice:localhost\":50},\"ban\":60,\"events\":{\"m.room.name\":50}}"));
  }

  @Test
  void requirePowerNamesTheLevelNeeded() {
    server.enqueue(ok("{\"users\":{\"@alice:localhost\":50},\"ban\":60}"));
    server.enqueue(ok("{\"users\":{\"@alice:localhost\":50},\"ban\":60}"));

    assertThat(client.roles().may(ROOM, ALICE, Roles.Action.KICK)).isTrue();
    RoomException e = catchThrowableOfType(RoomException.class,
        () -> client.roles().requirePower(ROOM, ALICE, Roles.Action.BAN));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.FORBIDDEN);
    assertThat(e.neededLevel()).hasValue(60);
    assertThat(e.getMessage()).contains("@alice:localhost has power level 50 but ban needs 60");
  }

  @Test
  void roomWithoutPowerLevelsUsesSpecDefaults() {
    server.enqueue(json(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no such state\"}"));

    assertThat(client.rooms().powerLevels(ROOM).ban()).isEqualTo(50);
  }
}

package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.History.Direction;
import dev.steward.client.model.AdminRoom;
import dev.steward.client.model.RoomEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upgrade inviting members, history from a date, the fully-read marker read back, the Synapse admin calls. */
class RoomExtrasTest extends MockHomeserver {
  private static final UserId ALICE = UserId.of("@alice:localhost");
  private static final UserId CAROL = UserId.of("@carol:localhost");

  @Test
  void upgradeInvitesJoinedAndInvitedMembersAndListsRefusals() {
    answer("{\"chunk\":[" + event("$1", "m.room.member", "@bot:localhost", "{\"membership\":\"join\"}") + ","
        + event("$2", "m.room.member", "@alice:localhost", "{\"membership\":\"join\"}") + ","
        + event("$3", "m.room.member", "@carol:localhost", "{\"membership\":\"invite\"}") + ","
        + event("$4", "m.room.member", "@dave:localhost", "{\"membership\":\"leave\"}") + "]}");
    answer("{\"replacement_room\":\"!new:localhost\"}");
    answerEmpty();
    answerError(403, "M_FORBIDDEN");
    answerError(404, "M_NOT_FOUND"); // the client asks whether the refusal came from an archived room

    RoomUpgrades.Upgraded u = client.upgrades().upgrade(ROOM, "11", true);

    assertThat(u.replacement()).isEqualTo(RoomId.of("!new:localhost"));
    assertThat(u.invited()).containsExactly(ALICE);
    assertThat(u.notInvited()).containsOnlyKeys(CAROL);
    assertThat(u.notInvited().get(CAROL)).startsWith("M_FORBIDDEN");
    take("GET", ROOM_PATH + "/members");
    assertThat(body(take("POST", ROOM_PATH + "/upgrade"))).isEqualTo(json("{\"new_version\":\"11\"}"));
    assertThat(body(take("POST", "/_matrix/client/v3/rooms/!new:localhost/invite"))).isEqualTo(json(
        "{\"user_id\":\"@alice:localhost\"}"));
    take("POST", "/_matrix/client/v3/rooms/!new:localhost/invite");
    take("GET", "/_matrix/client/v3/rooms/!new:localhost/state/dev.steward.archive/");
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void eventAtAsksTimestampToEventAndIsEmptyWhenNothingIsThatWay() {
    answer("{\"event_id\":\"$e\",\"origin_server_ts\":1700000000000}");
    answerError(404, "M_NOT_FOUND");

    assertThat(client.history().eventAt(ROOM, Instant.ofEpochMilli(1_700_000_000_000L), Direction.FORWARD))
        .contains(EventId.of("$e"));
    assertThat(client.history().eventAt(ROOM, Instant.ofEpochMilli(5), Direction.BACKWARD)).isEmpty();

    take("GET", "/_matrix/client/v1/rooms/!room:localhost/timestamp_to_event?ts=1700000000000&dir=f");
    take("GET", "/_matrix/client/v1/rooms/!room:localhost/timestamp_to_event?ts=5&dir=b");
  }

  @Test
  void eventAtOfARoomTheUserCannotSeeStaysARoomError() {
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"User @bot:localhost not in room !room:localhost\"}");

    RoomException e = catchThrowableOfType(RoomException.class,
        () -> client.history().eventAt(ROOM, Instant.EPOCH, Direction.FORWARD));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.NOT_FOUND);
  }

  @Test
  void sinceStartsAtTheFirstEventAtOrAfterTheDateAndPagesForward() {
    answer("{\"event_id\":\"$first\",\"origin_server_ts\":10}");
    answer("{\"event\":" + event("$first", "m.room.message", null, "{\"body\":\"first\"}")
        + ",\"events_before\":[],\"events_after\":[],\"state\":[],\"start\":\"t0\",\"end\":\"t1\"}");
    answer("{\"chunk\":[" + event("$second", "m.room.message", null, "{\"body\":\"second\"}") + "],"
        + "\"start\":\"t1\",\"end\":\"t2\"}");
    answer("{\"chunk\":[],\"start\":\"t2\"}");

    List<RoomEvent> events = client.history().since(ROOM, Instant.ofEpochMilli(10)).toList();

    assertThat(events).extracting(e -> e.contentText("body")).containsExactly("first", "second");
    take("GET", "/_matrix/client/v1/rooms/!room:localhost/timestamp_to_event?ts=10&dir=f");
    take("GET", ROOM_PATH + "/context/$first?limit=0");
    take("GET", ROOM_PATH + "/messages?dir=f&from=t1&limit=50");
    take("GET", ROOM_PATH + "/messages?dir=f&from=t2&limit=50");
  }

  @Test
  void sinceADateWithNothingAfterIsEmpty() {
    answerError(404, "M_NOT_FOUND");

    assertThat(client.history().since(ROOM, Instant.now())).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void fullyReadIsReadBackFromRoomAccountData() {
    answer("{\"event_id\":\"$read\"}");
    answerError(404, "M_NOT_FOUND");

    assertThat(client.receipts().fullyRead(ROOM)).contains(EventId.of("$read"));
    assertThat(client.receipts().fullyRead(ROOM)).isEmpty();

    String path = "/_matrix/client/v3/user/@bot:localhost/rooms/!room:localhost/account_data/m.fully_read";
    take("GET", path);
    take("GET", path);
  }

  @Test
  void adminJoinPostsTheUserAndAnsweredRefusalIsForbidden() {
    answer("{\"room_id\":\"!room:localhost\"}");
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You are not a server admin\"}");

    assertThat(client.serverAdmin().joinUser(ROOM, ALICE)).isEqualTo(ROOM);
    RoomException e = catchThrowableOfType(RoomException.class,
        () -> client.serverAdmin().joinUser(RoomAlias.of("#hq:localhost"), ALICE));

    assertThat(body(take("POST", "/_synapse/admin/v1/join/!room:localhost")))
        .isEqualTo(json("{\"user_id\":\"@alice:localhost\"}"));
    take("POST", "/_synapse/admin/v1/join/%23hq:localhost");
    assertThat(e.reason()).isEqualTo(RoomException.Reason.FORBIDDEN);
    assertThat(e.errcode()).isEqualTo("M_FORBIDDEN");
    assertThat(e.getMessage()).contains("not a server admin");
  }

  @Test
  void roomsNotJoinedPagesTheAdminListAndLeavesOutJoinedRooms() {
    answer("{\"rooms\":[{\"room_id\":\"!room:localhost\",\"name\":\"mine\"},{\"room_id\":\"!a:localhost\","
        + "\"name\":\"A\",\"joined_members\":3,\"joined_local_members\":2,\"creator\":\"@alice:localhost\","
        + "\"join_rules\":\"invite\",\"public\":false}],\"next_batch\":2,\"total_rooms\":3}");
    answer("{\"rooms\":[{\"room_id\":\"!b:localhost\",\"public\":true,\"room_type\":\"m.space\"}],\"total_rooms\":3}");
    answer("{\"joined_rooms\":[\"!room:localhost\"]}");

    List<AdminRoom> rooms = client.serverAdmin().roomsNotJoined();

    assertThat(rooms).extracting(AdminRoom::roomId).containsExactly(RoomId.of("!a:localhost"),
        RoomId.of("!b:localhost"));
    assertThat(rooms.get(0)).isEqualTo(new AdminRoom(RoomId.of("!a:localhost"), "A", null, 3, 2,
        "@alice:localhost", "invite", false, null));
    assertThat(rooms.get(1).published()).isTrue();
    take("GET", "/_synapse/admin/v1/rooms?from=0&limit=100");
    take("GET", "/_synapse/admin/v1/rooms?from=2&limit=100");
    take("GET", "/_matrix/client/v3/joined_rooms");
  }

  @Test
  void theRoomListRefusedToANonAdminKeepsItsErrcode() {
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You are not a server admin\"}");

    MatrixException e = catchThrowableOfType(MatrixException.class, () -> client.serverAdmin().roomsNotJoined());

    assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    assertThat(e.status()).isEqualTo(403);
  }
}

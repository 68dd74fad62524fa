package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.RoomException.Reason;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.History.Direction;
import org.junit.jupiter.api.Test;

/** Every room operation's server refusals come out as a {@link RoomException} with a reason, from one mapping. */
class RoomErrorsTest extends MockHomeserver {
  private static final UserId ALICE = UserId.of("@alice:localhost");
  private static final String ARCHIVE_STATE = ROOM_PATH + "/state/dev.steward.archive/";

  private okhttp3.mockwebserver.RecordedRequest takeAny() {
    try {
      return server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private RoomException refusal(Runnable call) {
    return catchThrowableOfType(RoomException.class, call::run);
  }

  @Test
  void aKickWithoutPowerIsForbiddenAndKeepsTheErrcode() {
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You cannot kick user @alice:localhost.\"}");

    RoomException e = refusal(() -> client.rooms().kick(ROOM, ALICE, "bye"));

    take("POST", ROOM_PATH + "/kick");
    assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(e.errcode()).isEqualTo("M_FORBIDDEN");
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.room()).isEqualTo(ROOM);
    assertThat(e).isInstanceOf(MatrixException.class).hasMessageStartingWith("POST " + ROOM_PATH + "/kick failed");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aJoinOfAnUnknownRoomIsNotFound() {
    // Synapse answers a room it has never heard of with 404 M_UNKNOWN.
    answer(404, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"Can't join remote room because no servers that are in the"
        + " room have been provided.\"}");
    answer(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Room alias #nope:localhost not found\"}");

    RoomException byId = refusal(() -> client.rooms().join(ROOM));
    RoomException byAlias = refusal(() -> client.rooms().join(RoomAlias.of("#nope:localhost")));

    assertThat(byId.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(byId.room()).isEqualTo(ROOM);
    assertThat(byAlias.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(byAlias.room()).isNull();
  }

  @Test
  void leavingHistoryAndTagsOfAnInvisibleRoomAreNotFound() {
    answer(404, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"Not a known room\"}");
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"User @bot:localhost not in room !room:localhost, and room"
        + " previews are disabled\"}");
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"User @bot:localhost has no membership in room"
        + " !room:localhost\"}");

    assertThat(refusal(() -> client.rooms().leave(ROOM, null, true)).reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(refusal(() -> client.history().page(ROOM, Direction.BACKWARD, null, 10, null)).reason())
        .isEqualTo(Reason.NOT_FOUND);
    assertThat(refusal(() -> client.tags().favourite(ROOM)).reason()).isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void refusalsAboutTheTargetsMembershipAreWrongMembership() {
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"The target user is not in the room\"}");
    answer(403, "{\"errcode\":\"M_BAD_STATE\",\"error\":\"Cannot unban user who was not banned\"}");
    answer("{}"); // m.direct
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"@alice:localhost is already in the room.\"}");

    assertThat(refusal(() -> client.rooms().kick(ROOM, ALICE, null)).reason()).isEqualTo(Reason.WRONG_MEMBERSHIP);
    assertThat(refusal(() -> client.rooms().unban(ROOM, ALICE, null)).reason()).isEqualTo(Reason.WRONG_MEMBERSHIP);
    assertThat(refusal(() -> client.rooms().invite(ROOM, ALICE)).reason()).isEqualTo(Reason.WRONG_MEMBERSHIP);
  }

  @Test
  void aResourceLimitIsCapacity() {
    answer(403, "{\"errcode\":\"M_RESOURCE_LIMIT_EXCEEDED\",\"error\":\"Monthly active user limit exceeded\"}");
    answer(400, "{\"errcode\":\"M_RESOURCE_LIMIT_EXCEEDED\",\"error\":\"Your homeserver is unable to join rooms"
        + " this large or complex.\"}");

    RoomException create = refusal(() -> client.rooms().create(CreateRoomRequest.builder().name("x").build()));
    RoomException join = refusal(() -> client.rooms().join(ROOM));

    assertThat(create.reason()).isEqualTo(Reason.CAPACITY);
    assertThat(create.room()).isNull();
    assertThat(join.reason()).isEqualTo(Reason.CAPACITY);
    assertThat(join.errcode()).isEqualTo("M_RESOURCE_LIMIT_EXCEEDED");
  }

  @Test
  void aSendRefusedInAnArchivedRoomIsArchivedWithTheLevelNeeded() {
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You don't have permission to post that to the room."
        + " user_level (0) < send_level (50)\"}");
    answer("{\"archived\":true,\"previous\":{}}");

    RoomException e = refusal(() -> client.sendText(ROOM, "hello?"));

    assertThat(takeAny().getPath()).startsWith(ROOM_PATH + "/send/m.room.message/");
    take("GET", ARCHIVE_STATE);
    assertThat(e.reason()).isEqualTo(Reason.ARCHIVED);
    assertThat(e.neededLevel()).hasValue(50);
    assertThat(e.errcode()).isEqualTo("M_FORBIDDEN");
  }

  @Test
  void aStateChangeRefusedInAnArchivedRoomIsArchived() {
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You don't have permission to post that to the room."
        + " user_level (0) < send_level (50)\"}");
    answer("{\"archived\":true}");

    assertThat(refusal(() -> client.settings().setName(ROOM, "renamed")).reason()).isEqualTo(Reason.ARCHIVED);
    take("PUT", ROOM_PATH + "/state/m.room.name/");
    take("GET", ARCHIVE_STATE);
  }

  @Test
  void aSendRefusedInARoomThatIsNotArchivedStaysForbidden() {
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You don't have permission to post that to the room."
        + " user_level (0) < send_level (10)\"}");
    answer(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no state\"}");

    RoomException e = refusal(() -> client.sendText(ROOM, "hello?"));

    assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(e.neededLevel()).hasValue(10);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void failuresWithoutARoomMeaningStayPlain() {
    answer(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"slow down\",\"retry_after_ms\":10}");
    answer(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}");
    answer(400, "{\"errcode\":\"M_UNSUPPORTED_ROOM_VERSION\",\"error\":\"no such version\"}");

    MatrixException limited = catchThrowableOfType(MatrixException.class, () -> client.rooms().forget(ROOM));
    MatrixException unknownEndpoint = catchThrowableOfType(MatrixException.class,
        () -> client.rooms().leave(ROOM, null, true));
    MatrixException badVersion = catchThrowableOfType(MatrixException.class,
        () -> client.rooms().create(CreateRoomRequest.builder().roomVersion("999").build()));

    assertThat(limited).isNotInstanceOf(RoomException.class);
    assertThat(limited.isRateLimited()).isTrue();
    assertThat(unknownEndpoint).isNotInstanceOf(RoomException.class);
    assertThat(badVersion).isNotInstanceOf(RoomException.class);
    assertThat(badVersion.code()).isEqualTo(ErrorCode.M_UNSUPPORTED_ROOM_VERSION);
  }

  @Test
  void rooms_inviteRefusesAThirdMemberInADirectChat() {
    answer("{\"@alice:localhost\":[\"!room:localhost\"]}");

    RoomException e = refusal(() -> client.rooms().invite(ROOM, UserId.of("@carol:localhost"), "join us"));

    take("GET", "/_matrix/client/v3/user/@bot:localhost/account_data/m.direct");
    assertThat(e.reason()).isEqualTo(Reason.INVALID_FOR_ROOM_TYPE);
    assertThat(e.getMessage()).contains("direct chat with @alice:localhost");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void rooms_inviteLetsTheDirectChatsPartnerBackAndInvitesIntoOtherRooms() {
    answer("{\"@alice:localhost\":[\"!room:localhost\"]}");
    answerEmpty();
    answer(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Account data not found\"}");
    answerEmpty();

    client.rooms().invite(ROOM, ALICE);
    client.rooms().invite(RoomId.of("!other:localhost"), UserId.of("@carol:localhost"));

    take("GET", "/_matrix/client/v3/user/@bot:localhost/account_data/m.direct");
    assertThat(body(take("POST", ROOM_PATH + "/invite")).path("user_id").asText()).isEqualTo(ALICE.value());
    take("GET", "/_matrix/client/v3/user/@bot:localhost/account_data/m.direct");
    take("POST", "/_matrix/client/v3/rooms/!other:localhost/invite");
  }

  @Test
  void anInviteSentAsAMemberStateEventIsRefusedInADirectChatToo() {
    answer("{\"@alice:localhost\":[\"!room:localhost\"]}");
    answer("{\"@alice:localhost\":[\"!room:localhost\"]}");
    answer("{\"event_id\":\"$name\"}");

    RoomException e = refusal(() -> client.rooms().sendState(ROOM, "m.room.member", "@carol:localhost",
        json("{\"membership\":\"invite\"}")));
    client.rooms().sendState(ROOM, "m.room.member", "@alice:localhost", json("{\"membership\":\"invite\"}"));

    assertThat(e.reason()).isEqualTo(Reason.INVALID_FOR_ROOM_TYPE);
    take("GET", "/_matrix/client/v3/user/@bot:localhost/account_data/m.direct");
    take("GET", "/_matrix/client/v3/user/@bot:localhost/account_data/m.direct");
    take("PUT", ROOM_PATH + "/state/m.room.member/@alice:localhost");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aDirectChatCreatedWithTwoInviteesIsRefusedBeforeAsking() {
    RoomException e = refusal(() -> client.rooms().create(CreateRoomRequest.builder().direct(true)
        .invite(ALICE, UserId.of("@carol:localhost")).build()));

    assertThat(e.reason()).isEqualTo(Reason.INVALID_FOR_ROOM_TYPE);
    assertThat(server.getRequestCount()).isZero();
  }
}

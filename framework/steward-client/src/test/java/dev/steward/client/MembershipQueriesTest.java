package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static dev.steward.client.Fixtures.ok;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.Json;
import dev.steward.client.model.Membership;
import dev.steward.client.model.RoomMember;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MembershipQueriesTest {
  private static final RoomId ROOM = RoomId.of("!r:localhost");
  private static final UserId ALICE = UserId.of("@alice:localhost");
  private final MockWebServer server = new MockWebServer();
  private final MatrixClient client = Fixtures.client(server, Fixtures.sleeps(), RetryPolicy.NONE);

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  @Test
  void membersSendsTheFiltersAndParsesUserMembershipAndName() throws Exception {
    server.enqueue(ok("{\"chunk\":["
        + "{\"type\":\"m.room.member\",\"state_key\":\"@alice:localhost\","
        + "\"content\":{\"membership\":\"invite\",\"displayname\":\"Alice\"}},"
        + "{\"type\":\"m.room.member\",\"state_key\":\"@bob:localhost\",\"content\":{\"membership\":\"weird\"}}]}"));

    var members = client.rooms().members(ROOM, Membership.INVITE, Membership.LEAVE);

    RecordedRequest r = server.takeRequest(5, SECONDS);
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getPath())
        .isEqualTo("/_matrix/client/v3/rooms/!r:localhost/members?membership=invite&not_membership=leave");
    assertThat(members).containsExactly(new RoomMember(ALICE, Membership.INVITE, "Alice"));
  }

  @Test
  void membersWithoutFiltersSendsNoQuery() throws Exception {
    server.enqueue(ok("{\"chunk\":[]}"));

    assertThat(client.rooms().members(ROOM)).isEmpty();

    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo("/_matrix/client/v3/rooms/!r:localhost/members");
  }

  @Test
  void memberCountCountsTheJoinedMembers() throws Exception {
    server.enqueue(ok("{\"joined\":{\"@a:localhost\":{},\"@b:localhost\":{},\"@c:localhost\":{}}}"));

    assertThat(client.rooms().memberCount(ROOM)).isEqualTo(3);

    assertThat(server.takeRequest(5, SECONDS).getPath())
        .isEqualTo("/_matrix/client/v3/rooms/!r:localhost/joined_members");
  }

  @Test
  void revokeInviteKicksTheInvitedUserWithTheReason() throws Exception {
    server.enqueue(ok("{\"membership\":\"invite\"}"));
    server.enqueue(ok("{}"));

    client.rooms().revokeInvite(ROOM, ALICE, "oops");

    assertThat(server.takeRequest(5, SECONDS).getPath())
        .isEqualTo("/_matrix/client/v3/rooms/!r:localhost/state/m.room.member/@alice:localhost");
    RecordedRequest kick = server.takeRequest(5, SECONDS);
    assertThat(kick.getMethod()).isEqualTo("POST");
    assertThat(kick.getPath()).isEqualTo("/_matrix/client/v3/rooms/!r:localhost/kick");
    JsonNode body = Json.mapper().readTree(kick.getBody().readUtf8());
    assertThat(body.path("user_id").asText()).isEqualTo("@alice:localhost");
    assertThat(body.path("reason").asText()).isEqualTo("oops");
  }

  @Test
  void revokeInviteOfAJoinedMemberIsRefusedWithoutKicking() {
    server.enqueue(ok("{\"membership\":\"join\"}"));

    RoomException e = catchThrowableOfType(RoomException.class,
        () -> client.rooms().revokeInvite(ROOM, ALICE, null));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.WRONG_MEMBERSHIP);
    assertThat(e.getMessage()).contains("membership is join");
    assertThat(e.isTransportFailure()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void revokeInviteOfAStrangerIsRefused() {
    server.enqueue(json(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no such state\"}"));

    RoomException e = catchThrowableOfType(RoomException.class,
        () -> client.rooms().revokeInvite(ROOM, ALICE, null));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.WRONG_MEMBERSHIP);
    assertThat(e.getMessage()).contains("membership is none");
  }

  @Test
  void unknownRoomIsNotFoundAndForbiddenIsForbidden() {
    server.enqueue(json(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Unknown room\"}"));
    server.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You don't have permission to do that\"}"));

    RoomException missing = catchThrowableOfType(RoomException.class, () -> client.rooms().members(ROOM));
    RoomException forbidden = catchThrowableOfType(RoomException.class, () -> client.rooms().memberCount(ROOM));

    assertThat(missing.reason()).isEqualTo(RoomException.Reason.NOT_FOUND);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.room()).isEqualTo(ROOM);
    assertThat(missing.getMessage()).startsWith("GET /_matrix/client/v3/rooms/!r:localhost/members failed: HTTP 404");
    assertThat(forbidden.reason()).isEqualTo(RoomException.Reason.FORBIDDEN);
    assertThat(forbidden.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    assertThat(forbidden.neededLevel()).isEmpty();
  }

  @Test
  void notInRoomIsNotFoundWhilePowerRefusalsStayForbidden() {
    server.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"User @bot:localhost not in room"
        + " !r:localhost, and room previews are disabled\"}"));

    RoomException e = catchThrowableOfType(RoomException.class, () -> client.rooms().members(ROOM));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.NOT_FOUND);
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.getCause()).isInstanceOf(MatrixException.class);
  }

  @Test
  void otherFailuresStayPlainMatrixExceptions() {
    server.enqueue(json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"slow down\"}"));

    MatrixException e = catchThrowableOfType(MatrixException.class, () -> client.rooms().members(ROOM));

    assertThat(e).isNotInstanceOf(RoomException.class);
    assertThat(e.isRateLimited()).isTrue();
  }
}

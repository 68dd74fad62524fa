package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.PublicRoom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpacesAndUpgradesTest extends MockHomeserver {
  private static final RoomId SPACE = RoomId.of("!space:localhost");
  private static final String SPACE_PATH = "/_matrix/client/v3/rooms/!space:localhost";

  @Test
  void spaceRequestSetsCreationType() {
    CreateRoomRequest r = Spaces.createRequest("Team").build();

    assertThat(r.name()).isEqualTo("Team");
    assertThat(r.creationContent()).containsEntry("type", "m.space");
  }

  @Test
  void addChildSendsChildWithViaAndParentInTheRoom() {
    answer("{\"event_id\":\"$c\"}");
    answer("{\"event_id\":\"$p\"}");

    client.spaces().addChild(SPACE, ROOM, List.of(ServerName.of("localhost")), true, true);

    assertThat(body(take("PUT", SPACE_PATH + "/state/m.space.child/!room:localhost")))
        .isEqualTo(json("{\"via\":[\"localhost\"],\"suggested\":true}"));
    assertThat(body(take("PUT", ROOM_PATH + "/state/m.space.parent/!space:localhost")))
        .isEqualTo(json("{\"via\":[\"localhost\"],\"canonical\":true}"));
  }

  @Test
  void addChildNeedsAViaServer() {
    assertThatThrownBy(() -> client.spaces().addChild(SPACE, ROOM, List.of(), false, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void removeChildSendsEmptyContent() {
    answer("{\"event_id\":\"$c\"}");

    client.spaces().removeChild(SPACE, ROOM, false);

    assertThat(body(take("PUT", SPACE_PATH + "/state/m.space.child/!room:localhost"))).isEqualTo(json("{}"));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void childrenFollowHierarchyPagesAndLeaveOutTheSpace() {
    answer("{\"rooms\":[{\"room_id\":\"!space:localhost\",\"room_type\":\"m.space\"},"
        + "{\"room_id\":\"!a:localhost\",\"name\":\"A\"}],\"next_batch\":\"p2\"}");
    answer("{\"rooms\":[{\"room_id\":\"!b:localhost\"}]}");

    List<PublicRoom> children = client.spaces().children(SPACE);

    take("GET", "/_matrix/client/v1/rooms/!space:localhost/hierarchy?max_depth=1&limit=50");
    take("GET", "/_matrix/client/v1/rooms/!space:localhost/hierarchy?max_depth=1&limit=50&from=p2");
    assertThat(children).extracting(r -> r.roomId().value()).containsExactly("!a:localhost", "!b:localhost");
  }

  @Test
  void hierarchyOfAnInvisibleSpaceIsForbidden() {
    answerError(403, "M_FORBIDDEN");

    MatrixException e = catchThrowableOfType(MatrixException.class, () -> client.spaces().children(SPACE));

    assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
  }

  @Test
  void upgradePostsNewVersionAndReturnsReplacement() {
    answer("{\"replacement_room\":\"!new:localhost\"}");

    RoomId replacement = client.upgrades().upgrade(ROOM, "10");

    assertThat(body(take("POST", ROOM_PATH + "/upgrade"))).isEqualTo(json("{\"new_version\":\"10\"}"));
    assertThat(replacement).isEqualTo(RoomId.of("!new:localhost"));
  }

  @Test
  void unsupportedVersionIsAMatrixException() {
    answer(400, "{\"errcode\":\"M_UNSUPPORTED_ROOM_VERSION\",\"error\":\"no\"}");

    MatrixException e = catchThrowableOfType(MatrixException.class, () -> client.upgrades().upgrade(ROOM, "99"));

    assertThat(e.errcode()).isEqualTo("M_UNSUPPORTED_ROOM_VERSION");
  }

  @Test
  void followsTombstonesToTheLatestRoom() {
    answer("{\"body\":\"moved\",\"replacement_room\":\"!mid:localhost\"}");
    answer("{\"body\":\"moved\",\"replacement_room\":\"!new:localhost\"}");
    answerError(404, "M_NOT_FOUND");

    assertThat(client.upgrades().latest(ROOM)).isEqualTo(RoomId.of("!new:localhost"));
    take("GET", ROOM_PATH + "/state/m.room.tombstone/");
    take("GET", "/_matrix/client/v3/rooms/!mid:localhost/state/m.room.tombstone/");
    take("GET", "/_matrix/client/v3/rooms/!new:localhost/state/m.room.tombstone/");
  }

  @Test
  void roomWithoutTombstoneHasNoReplacement() {
    answerError(404, "M_NOT_FOUND");

    assertThat(client.upgrades().replacement(ROOM)).isEmpty();
  }
}

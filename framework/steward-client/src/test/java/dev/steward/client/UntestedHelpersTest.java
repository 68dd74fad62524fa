package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Roles.makeOwner and usersAtLeast, Spaces.hierarchyPage, DirectMessages.isDirect, Moderation.requireNotArchived. */
class UntestedHelpersTest extends MockHomeserver {
  private static final UserId ALICE = UserId.of("@alice:localhost");
  private static final String DIRECT = "/_matrix/client/v3/user/@bot:localhost/account_data/m.direct";

  @Test
  void makeOwnerSetsLevel100AndKeepsEveryOtherEntry() {
    answer("{\"users\":{\"@bot:localhost\":100,\"@carol:localhost\":50},\"ban\":60,\"events\":{\"m.room.name\":50}}");
    answer("{\"event_id\":\"$pl\"}");

    client.roles().makeOwner(ROOM, ALICE);

    take("GET", ROOM_PATH + "/state/m.room.power_levels/");
    assertThat(body(take("PUT", ROOM_PATH + "/state/m.room.power_levels/"))).isEqualTo(json("{\"users\":"
        + "{\"@bot:localhost\":100,\"@carol:localhost\":50,\"@alice:localhost\":100},\"ban\":60,"
        + "\"events\":{\"m.room.name\":50}}"));
  }

  @Test
  void usersAtLeastListsExplicitLevelsAtOrAboveHighestFirst() {
    answer("{\"users\":{\"@low:localhost\":0,\"@mod:localhost\":50,\"@owner:localhost\":100,"
        + "\"@half:localhost\":49,\"@admin:localhost\":75},\"users_default\":60}");

    Map<UserId, Long> atLeast50 = client.roles().usersAtLeast(ROOM, 50);

    assertThat(atLeast50.keySet()).containsExactly(UserId.of("@owner:localhost"), UserId.of("@admin:localhost"),
        UserId.of("@mod:localhost"));
    assertThat(atLeast50).containsEntry(UserId.of("@admin:localhost"), 75L);
    take("GET", ROOM_PATH + "/state/m.room.power_levels/");
  }

  @Test
  void hierarchyPageAsksV1WithDepthLimitAndFromAndReturnsTheRawPage() {
    answer("{\"rooms\":[{\"room_id\":\"!room:localhost\",\"children_state\":[]}],\"next_batch\":\"p2\"}");
    answer("{\"rooms\":[]}");

    JsonNode first = client.spaces().hierarchyPage(ROOM, 2, 10, null);
    JsonNode second = client.spaces().hierarchyPage(ROOM, 1, 5, "p2");

    take("GET", "/_matrix/client/v1/rooms/!room:localhost/hierarchy?max_depth=2&limit=10");
    take("GET", "/_matrix/client/v1/rooms/!room:localhost/hierarchy?max_depth=1&limit=5&from=p2");
    assertThat(first.path("next_batch").asText()).isEqualTo("p2");
    assertThat(first.path("rooms").get(0).path("room_id").asText()).isEqualTo("!room:localhost");
    assertThat(second.path("rooms").size()).isZero();
  }

  @Test
  void isDirectFollowsMDirect() {
    answer("{\"@alice:localhost\":[\"!room:localhost\"],\"not-a-user\":[\"!other:localhost\"]}");
    answer("{\"@alice:localhost\":[\"!room:localhost\"],\"not-a-user\":[\"!other:localhost\"]}");
    answerError(404, "M_NOT_FOUND");

    assertThat(client.directMessages().isDirect(ROOM)).isTrue();
    assertThat(client.directMessages().isDirect(RoomId.of("!other:localhost"))).as("under a key that is no user")
        .isFalse();
    assertThat(client.directMessages().isDirect(ROOM)).as("no m.direct at all").isFalse();
    for (int i = 0; i < 3; i++) {
      take("GET", DIRECT);
    }
  }

  @Test
  void requireNotArchivedRefusesOnlyAnArchivedRoom() {
    answer("{\"archived\":true,\"previous\":{}}");
    answer("{\"archived\":false}");
    answerError(404, "M_NOT_FOUND");

    RoomException e = catchThrowableOfType(RoomException.class, () -> client.moderation().requireNotArchived(ROOM));
    client.moderation().requireNotArchived(ROOM);
    client.moderation().requireNotArchived(ROOM);

    assertThat(e.reason()).isEqualTo(RoomException.Reason.ARCHIVED);
    assertThat(e.room()).isEqualTo(ROOM);
    assertThat(e.status()).as("decided by the client").isZero();
    for (String ignored : List.of("archived", "unarchived", "never archived")) {
      take("GET", ROOM_PATH + "/state/dev.steward.archive/");
    }
  }
}

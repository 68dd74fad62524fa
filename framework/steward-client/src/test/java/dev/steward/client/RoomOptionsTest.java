package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.SettingsUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Create options (read-only, encrypted, incognito, no federation, inside a space), spaces, settings. */
class RoomOptionsTest extends MockHomeserver {
  private static final RoomId SPACE = RoomId.of("!space:localhost");
  private static final RoomId OTHER = RoomId.of("!other:localhost");
  private static final String SPACE_PATH = "/_matrix/client/v3/rooms/!space:localhost";
  private static final String OTHER_PATH = "/_matrix/client/v3/rooms/!other:localhost";
  private static final String PL = "/state/m.room.power_levels/";

  private static String levels(String users) {
    return "[" + event("$p", "m.room.power_levels", "", "{\"users\":" + users + "}") + "]";
  }

  @Test
  void readOnlyPrivateGroupIsInviteOnlyAndOnlyModeratorsPost() {
    answer("{\"room_id\":\"!new:localhost\"}");

    client.rooms().create(CreateRoomRequest.readOnlyPrivateGroup("news", UserId.of("@alice:localhost"))
        .encrypted().federated(false).build());

    assertThat(body(take("POST", "/_matrix/client/v3/createRoom"))).isEqualTo(json("{\"name\":\"news\","
        + "\"preset\":\"private_chat\",\"visibility\":\"private\",\"invite\":[\"@alice:localhost\"],"
        + "\"initial_state\":[{\"type\":\"m.room.encryption\",\"state_key\":\"\","
        + "\"content\":{\"algorithm\":\"m.megolm.v1.aes-sha2\"}}],\"creation_content\":{\"m.federate\":false},"
        + "\"power_level_content_override\":{\"events_default\":50}}"));
  }

  @Test
  void readOnlyKeepsAnOverrideAlreadyGiven() {
    CreateRoomRequest r = CreateRoomRequest.builder().powerLevelContentOverride(json("{\"invite\":100}")).readOnly()
        .build();

    assertThat(r.powerLevelContentOverride()).isEqualTo(json("{\"invite\":100,\"events_default\":50}"));
  }

  @Test
  void incognitoIsUnpublishedWithoutAliasAndHistoryForJoinedMembersOnly() {
    answer("{\"room_id\":\"!new:localhost\"}");

    client.rooms().create(CreateRoomRequest.incognito("quiet").build());

    assertThat(body(take("POST", "/_matrix/client/v3/createRoom"))).isEqualTo(json("{\"name\":\"quiet\","
        + "\"preset\":\"private_chat\",\"visibility\":\"private\",\"initial_state\":[{\"type\":"
        + "\"m.room.history_visibility\",\"state_key\":\"\",\"content\":{\"history_visibility\":\"joined\"}}]}"));
    assertThatThrownBy(() -> CreateRoomRequest.incognito("q").roomAliasName("q").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no alias");
    assertThatThrownBy(() -> CreateRoomRequest.incognito("q").visibility(CreateRoomRequest.Visibility.PUBLIC)
        .build()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void createInSetsTheParentAtCreationThenAddsTheChild() {
    answer(levels("{\"@bot:localhost\":100}"));
    answer("{\"room_id\":\"!new:localhost\"}");
    answer("{\"event_id\":\"$child\"}");

    RoomId room = client.spaces().createIn(SPACE, CreateRoomRequest.privateGroup("team"), true);

    assertThat(room).isEqualTo(RoomId.of("!new:localhost"));
    take("GET", SPACE_PATH + "/state");
    assertThat(body(take("POST", "/_matrix/client/v3/createRoom")).path("initial_state")).isEqualTo(json(
        "[{\"type\":\"m.space.parent\",\"state_key\":\"!space:localhost\","
            + "\"content\":{\"via\":[\"localhost\"],\"canonical\":true}}]"));
    assertThat(body(take("PUT", SPACE_PATH + "/state/m.space.child/!new:localhost")))
        .isEqualTo(json("{\"via\":[\"localhost\"],\"suggested\":true}"));
  }

  @Test
  void createInWithoutPowerInTheSpaceCreatesNothing() {
    answer(levels("{\"@bot:localhost\":0}"));

    RoomException e = catchThrowableOfType(RoomException.class,
        () -> client.spaces().createIn(SPACE, CreateRoomRequest.privateGroup("team"), false));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.FORBIDDEN);
    assertThat(e.neededLevel()).hasValue(50);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void moveChecksAllThreeRoomsThenAddsToTheNewSpaceAndRemovesFromTheOld() {
    answer(levels("{\"@bot:localhost\":100}"));
    answer(levels("{\"@bot:localhost\":100}"));
    answer(levels("{\"@bot:localhost\":100}"));
    for (int i = 0; i < 4; i++) {
      answer("{\"event_id\":\"$" + i + "\"}");
    }

    client.spaces().move(ROOM, SPACE, OTHER, List.of(ServerName.of("localhost")));

    take("GET", SPACE_PATH + "/state");
    take("GET", OTHER_PATH + "/state");
    take("GET", ROOM_PATH + "/state");
    assertThat(body(take("PUT", OTHER_PATH + "/state/m.space.child/!room:localhost")))
        .isEqualTo(json("{\"via\":[\"localhost\"]}"));
    assertThat(body(take("PUT", ROOM_PATH + "/state/m.space.parent/!other:localhost")))
        .isEqualTo(json("{\"via\":[\"localhost\"],\"canonical\":true}"));
    assertThat(body(take("PUT", SPACE_PATH + "/state/m.space.child/!room:localhost"))).isEqualTo(json("{}"));
    assertThat(body(take("PUT", ROOM_PATH + "/state/m.space.parent/!space:localhost"))).isEqualTo(json("{}"));
  }

  @Test
  void aRefusedMoveChangesNothing() {
    answer(levels("{\"@bot:localhost\":100}"));
    answer(levels("{\"@bot:localhost\":10}"));

    RoomException e = catchThrowableOfType(RoomException.class,
        () -> client.spaces().move(ROOM, SPACE, OTHER, List.of(ServerName.of("localhost"))));

    assertThat(e.getMessage()).contains("add !room:localhost to !other:localhost");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void parentsAreTheParentEventsThatStillListServers() {
    answer("[" + event("$p1", "m.space.parent", "!space:localhost", "{\"via\":[\"localhost\"]}") + ","
        + event("$p2", "m.space.parent", "!gone:localhost", "{}") + "]");

    assertThat(client.spaces().parents(ROOM)).containsExactly(SPACE);
    take("GET", ROOM_PATH + "/state");
  }

  @Test
  void disableFederationAllowsOnlyThisServerAndEnableAllowsAll() {
    answer("{\"event_id\":\"$1\"}");
    answer("{\"event_id\":\"$2\"}");

    client.settings().disableFederation(ROOM);
    client.settings().enableFederation(ROOM);

    assertThat(body(take("PUT", ROOM_PATH + "/state/m.room.server_acl/"))).isEqualTo(json(
        "{\"allow_ip_literals\":false,\"allow\":[\"localhost\"],\"deny\":[]}"));
    assertThat(body(take("PUT", ROOM_PATH + "/state/m.room.server_acl/"))).isEqualTo(json(
        "{\"allow_ip_literals\":false,\"allow\":[\"*\"],\"deny\":[]}"));
  }

  @Test
  void saveSetsReadOnlyAndEncryptionAfterTheOtherSettings() {
    answer("{\"event_id\":\"$name\"}");
    answer("{\"users\":{\"@bot:localhost\":100},\"events\":{\"m.room.message\":0}}");
    answer("{\"event_id\":\"$pl\"}");
    answer(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no encryption\"}");
    answer("{\"event_id\":\"$enc\"}");

    List<String> saved = client.settings().save(ROOM, SettingsUpdate.builder().name("n").readOnly(true).encrypt()
        .build());

    assertThat(saved).containsExactly("m.room.name", "m.room.power_levels", "m.room.encryption");
    take("PUT", ROOM_PATH + "/state/m.room.name/");
    take("GET", ROOM_PATH + PL);
    assertThat(body(take("PUT", ROOM_PATH + PL))).isEqualTo(json(
        "{\"users\":{\"@bot:localhost\":100},\"events\":{\"m.room.message\":50},\"events_default\":50}"));
    take("GET", ROOM_PATH + "/state/m.room.encryption/");
    assertThat(body(take("PUT", ROOM_PATH + "/state/m.room.encryption/")))
        .isEqualTo(json("{\"algorithm\":\"m.megolm.v1.aes-sha2\"}"));
    assertThatThrownBy(() -> new SettingsUpdate(null, null, null, null, null, null, null, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readOnlyOffLowersPostingToUsersDefaultAndSendsNothingWhenAlreadyOpen() {
    answer("{\"users_default\":0,\"events_default\":50}");
    answer("{\"event_id\":\"$pl\"}");
    answer("{\"users_default\":0,\"events_default\":0}");

    assertThat(client.settings().setReadOnly(ROOM, false)).isTrue();
    assertThat(client.settings().setReadOnly(ROOM, false)).isFalse();

    take("GET", ROOM_PATH + PL);
    assertThat(body(take("PUT", ROOM_PATH + PL)).path("events_default").asLong()).isZero();
    take("GET", ROOM_PATH + PL);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }
}

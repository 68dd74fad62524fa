package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.PublicRoom;
import dev.steward.client.model.RoomEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spaces and room upgrades on the real Synapse: the bot arranges rooms, alice sees the arrangement. */
class SpacesAndUpgradesIT extends TwoUsers {
  private static final List<ServerName> VIA = List.of(ServerName.of("localhost"));

  private RoomId publicRoom(String name) {
    return bot.rooms().create(CreateRoomRequest.builder().name(name)
        .preset(CreateRoomRequest.Preset.PUBLIC_CHAT).build());
  }

  @Test
  void aliceListsTheRoomsTheBotAddsToASpaceAndNotTheOneItRemoves() {
    RoomId space = bot.rooms().create(Spaces.createRequest("Team").invite(aliceId).build());
    alice.rooms().join(space);
    RoomId a = publicRoom("A");
    RoomId b = publicRoom("B");

    bot.spaces().addChild(space, a, VIA, true, true);
    bot.spaces().addChild(space, b, VIA, false, false);

    List<PublicRoom> children = alice.spaces().children(space);
    assertThat(children).extracting(PublicRoom::roomId).containsExactlyInAnyOrder(a, b);
    assertThat(children).filteredOn(r -> r.roomId().equals(a)).singleElement()
        .satisfies(r -> assertThat(r.name()).isEqualTo("A"));
    alice.rooms().join(a);
    assertThat(alice.rooms().state(a, "m.space.parent", space.value())).hasValueSatisfying(
        p -> assertThat(p.path("via").get(0).asText()).isEqualTo("localhost"));

    bot.spaces().removeChild(space, b, false);

    assertThat(alice.spaces().children(space)).extracting(PublicRoom::roomId).containsExactly(a);
  }

  @Test
  void spaceIsCreatedWithTheSpaceType() {
    RoomId space = bot.rooms().create(Spaces.createRequest("Typed").invite(aliceId).build());
    alice.rooms().join(space);

    assertThat(alice.rooms().state(space, "m.room.create", "")).hasValueSatisfying(
        c -> assertThat(c.path("type").asText()).isEqualTo("m.space"));
  }

  @Test
  void aliceFollowsTheTombstoneOfAnUpgradedRoom() {
    RoomId room = sharedRoom();
    String version = bot.capabilities().defaultRoomVersion();

    RoomId replacement = bot.upgrades().upgrade(room, version);

    RoomEvent tombstone = aliceView.await(room, e -> e.type().equals("m.room.tombstone"), "the tombstone");
    assertThat(tombstone.contentText("replacement_room")).isEqualTo(replacement.value());
    assertThat(alice.upgrades().replacement(room)).contains(replacement);
    // Alice was not moved into the invite-only replacement, so only the bot may read its state and walk on.
    assertThat(bot.upgrades().latest(room)).isEqualTo(replacement);
    assertThat(bot.upgrades().replacement(replacement)).isEmpty();
  }
}

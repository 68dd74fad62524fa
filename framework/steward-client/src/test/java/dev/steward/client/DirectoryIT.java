package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.CreateRoomRequest.Visibility;
import dev.steward.client.model.Profile;
import dev.steward.client.model.PublicRoom;
import dev.steward.client.model.PublicRoomsPage;
import dev.steward.client.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The room and user directories and profiles on the real Synapse: the bot acts, alice looks them up. */
class DirectoryIT extends TwoUsers {

  private RoomId room(String name) {
    return bot.rooms().create(CreateRoomRequest.builder().name(name).preset(CreateRoomRequest.Preset.PUBLIC_CHAT)
        .build());
  }

  /**
   * Publishes as the bot, or skips the test when the homeserver's {@code room_list_publication_rules} refuse every
   * publication (Synapse's default since 1.x unless configured), which no client call can change.
   */
  private void publishOrSkip(RoomId room) {
    try {
      bot.directory().publish(room);
    } catch (MatrixException e) {
      assumeFalse(e.status() == 403 && "Not allowed to publish room".equals(e.error()),
          "the homeserver's room_list_publication_rules forbid publishing: " + e.getMessage());
      throw e;
    }
  }

  @Test
  void unpublishedRoomIsPrivateForAlice() {
    RoomId room = room(unique("hidden"));

    bot.directory().unpublish(room);

    assertThat(alice.directory().visibility(room)).isEqualTo(Visibility.PRIVATE);
    assertThat(alice.directory().publicRooms(100, null).rooms()).extracting(PublicRoom::roomId)
        .doesNotContain(room);
  }

  @Test
  void publishedRoomsAreFoundByAliceUntilUnpublished() {
    String term = unique("dir");
    RoomId room = room(term + " room");

    publishOrSkip(room);

    assertThat(alice.directory().visibility(room)).isEqualTo(Visibility.PUBLIC);
    PublicRoomsPage found = alice.directory().searchPublicRooms(term, 10, null);
    assertThat(found.rooms()).extracting(PublicRoom::roomId).containsExactly(room);
    assertThat(found.rooms().get(0).name()).isEqualTo(term + " room");

    bot.directory().unpublish(room);

    assertThat(alice.directory().visibility(room)).isEqualTo(Visibility.PRIVATE);
    assertThat(alice.directory().searchPublicRooms(term, 10, null).rooms()).isEmpty();
  }

  @Test
  void searchResultsPageWithSince() {
    String term = unique("paged");
    RoomId first = room(term + " one");
    RoomId second = room(term + " two");
    publishOrSkip(first);
    publishOrSkip(second);

    List<RoomId> seen = new ArrayList<>();
    PublicRoomsPage page = alice.directory().searchPublicRooms(term, 1, null);
    seen.addAll(page.rooms().stream().map(PublicRoom::roomId).toList());
    assertThat(page.nextBatch()).as("a second page is announced").isNotNull();
    page = alice.directory().searchPublicRooms(term, 1, page.nextBatch());
    seen.addAll(page.rooms().stream().map(PublicRoom::roomId).toList());

    assertThat(seen).containsExactlyInAnyOrder(first, second);
  }

  @Test
  void listingPublicRoomsPagesThroughTheDirectory() {
    RoomId room = room(unique("listed"));
    publishOrSkip(room);

    PublicRoomsPage page = alice.directory().publicRooms(1, null);

    assertThat(page.rooms()).hasSize(1);
    assertThat(page.totalRoomCountEstimate()).isPositive();
    List<RoomId> all = new ArrayList<>(page.rooms().stream().map(PublicRoom::roomId).toList());
    // Bounded walk: the shared dev homeserver keeps rooms of earlier runs.
    for (int i = 0; i < 500 && page.nextBatch() != null && !all.contains(room); i++) {
      page = alice.directory().publicRooms(50, page.nextBatch());
      page.rooms().forEach(r -> all.add(r.roomId()));
    }
    assertThat(all).contains(room);
  }

  @Test
  void aliceFindsTheBotInTheUserDirectory() {
    sharedRoom();
    bot.profiles().setDisplayName(unique("Findable"));
    String name = bot.profiles().mine().displayName();

    Profile found = Await.until(Duration.ofSeconds(30), "the bot in alice's user directory search", () ->
        alice.directory().searchUsers(name, 10).results().stream().filter(p -> p.userId().equals(botId))
            .findFirst());

    assertThat(found.displayName()).isEqualTo(name);
  }

  @Test
  void aliceSeesTheBotsNewDisplayNameAndAvatar() {
    String name = unique("Steward");

    bot.profiles().setDisplayName(name);
    bot.profiles().setAvatarUrl("mxc://localhost/botavatar");

    Profile seen = alice.profiles().get(botId);
    assertThat(seen.displayName()).isEqualTo(name);
    assertThat(seen.avatarUrl()).isEqualTo("mxc://localhost/botavatar");
    assertThat(Optional.ofNullable(bot.profiles().mine().displayName())).contains(name);
  }

  @Test
  void unknownUsersProfileIsNotFound() {
    MatrixException e = org.assertj.core.api.Assertions.catchThrowableOfType(MatrixException.class,
        () -> alice.profiles().get(UserId.of("@" + unique("nobody") + ":localhost")));

    // Synapse answers 404 here with M_UNKNOWN rather than M_NOT_FOUND; the status is what callers can rely on.
    assertThat(e.status()).isEqualTo(404);
    assertThat(alice.profiles().find(UserId.of("@" + unique("nobody") + ":localhost"))).isEmpty();
  }
}

package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.testing.Await;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mute, archive and close on a real Synapse; alice (and carol) observe what they may still do. */
class ModerationIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private MatrixClient bot;
  private MatrixClient alice;
  private TestUser aliceUser;
  private UserId aliceId;

  @BeforeEach
  void accounts() {
    bot = hs.client(hs.newUser("bot"));
    aliceUser = hs.newUser("alice");
    aliceId = aliceUser.userId();
    alice = hs.client(aliceUser);
  }

  private RoomId roomWithAlice(MatrixClient owner) {
    RoomId room = owner.rooms().create(CreateRoomRequest.privateGroup("mod " + UUID.randomUUID(), aliceId).build());
    alice.rooms().join(room);
    return room;
  }

  private static void assertForbidden(Runnable action) {
    MatrixException e = catchThrowableOfType(MatrixException.class, action::run);
    assertThat(e).as("refused by the server").isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
  }

  @Test
  void mutedAliceCannotSpeakAndUnmuteRestoresHerExplicitLevel() {
    RoomId room = roomWithAlice(bot);
    bot.rooms().setPowerLevel(room, aliceId, 10);

    assertThat(bot.moderation().mute(room, aliceId)).isTrue();

    assertForbidden(() -> alice.sendText(room, "can I talk?"));
    assertThat(alice.rooms().powerLevels(room).userLevel(aliceId)).isEqualTo(-1);
    assertThat(bot.moderation().isMuted(room, aliceId)).isTrue();
    assertThat(bot.moderation().mute(room, aliceId)).as("second mute").isFalse();

    assertThat(bot.moderation().unmute(room, aliceId)).isTrue();

    assertThat(alice.rooms().powerLevels(room).content().path("users").path(aliceId.value()).asLong()).isEqualTo(10);
    alice.sendText(room, "back again");
    assertThat(bot.moderation().isMuted(room, aliceId)).isFalse();
    assertThat(bot.moderation().unmute(room, aliceId)).as("second unmute").isFalse();
  }

  @Test
  void unmuteRemovesTheEntryWhenAliceHadNone() {
    RoomId room = roomWithAlice(bot);
    assertThat(bot.rooms().powerLevels(room).content().path("users").has(aliceId.value())).isFalse();

    bot.moderation().mute(room, aliceId);
    bot.moderation().unmute(room, aliceId);

    assertThat(alice.rooms().powerLevels(room).content().path("users").has(aliceId.value())).isFalse();
    alice.sendText(room, "talking");
  }

  @Test
  void mutingAUserAtTheBotsLevelIsRefused() {
    RoomId room = roomWithAlice(bot);
    bot.rooms().setPowerLevel(room, aliceId, 100);

    RoomException e = catchThrowableOfType(RoomException.class, () -> bot.moderation().mute(room, aliceId));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.FORBIDDEN);
    assertThat(e.getMessage()).contains("not below the bot's");
    alice.sendText(room, "still talking");
  }

  @Test
  void archivedRoomIsReadOnlyForAliceUntilUnarchivedWithTheSameLevels() {
    RoomId room = roomWithAlice(bot);
    JsonNode before = alice.rooms().powerLevels(room).content();

    assertThat(bot.moderation().archive(room)).isTrue();

    assertForbidden(() -> alice.sendText(room, "hello?"));
    assertThat(alice.rooms().powerLevels(room).eventsDefault()).isEqualTo(50);
    assertThat(bot.moderation().isArchived(room)).isTrue();
    assertThat(bot.moderation().archivedRooms()).containsExactly(room);
    RoomException frozen = catchThrowableOfType(RoomException.class,
        () -> bot.moderation().sendText(room, "from the bot"));
    assertThat(frozen.reason()).isEqualTo(RoomException.Reason.ARCHIVED);

    assertThat(bot.moderation().unarchive(room)).isTrue();

    assertThat(alice.rooms().powerLevels(room).content()).isEqualTo(before);
    alice.sendText(room, "open again");
    assertThat(bot.moderation().archivedRooms()).isEmpty();
  }

  @Test
  void closingRemovesEveryoneAndTheBotLeaves() {
    TestUser carol = hs.newUser("carol");
    RoomId room = roomWithAlice(bot);
    bot.rooms().invite(room, carol.userId());
    SyncWatcher aliceView = new SyncWatcher(alice);
    aliceView.poll();
    SyncWatcher carolView = new SyncWatcher(hs.client(carol));
    carolView.awaitInvite(room);

    assertThat(bot.moderation().close(room, "project over")).isEqualTo(Moderation.Closed.EMPTIED_AND_LEFT);

    awaitLeft(aliceView, room, "alice removed");
    awaitLeft(carolView, room, "carol's invite withdrawn");
    assertThat(bot.rooms().joined()).doesNotContain(room);
  }

  @Test
  void onlyTheCreatorOrPower100MayClose() {
    RoomId room = alice.rooms().create(CreateRoomRequest.privateGroup("alice's", bot.userId()).build());
    bot.rooms().join(room);
    alice.rooms().setPowerLevel(room, bot.userId(), 50);

    RoomException e = catchThrowableOfType(RoomException.class, () -> bot.moderation().close(room, "bye"));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.FORBIDDEN);
    assertThat(e.neededLevel()).hasValue(100);
    assertThat(alice.rooms().joined()).contains(room);
  }

  @Test
  void aServerAdminDeletesTheRoomThroughTheAdminApi() throws Exception {
    MatrixClient admin = hs.client(hs.newAdmin("admin"));
    assertThat(admin.moderation().isServerAdmin()).isTrue();
    assertThat(bot.moderation().isServerAdmin()).isFalse();
    RoomId room = roomWithAlice(admin);

    assertThat(admin.moderation().close(room, "deleted")).isEqualTo(Moderation.Closed.DELETED_BY_ADMIN);

    // A purged room leaves no history for alice's sync to show: she observes it gone from her joined rooms.
    Await.until(Duration.ofSeconds(30), "the deleted room gone from alice's joined rooms",
        () -> alice.rooms().joined().contains(room) ? Optional.empty() : Optional.of(true));
    assertThat(catchThrowableOfType(MatrixException.class, () -> alice.sendText(room, "anyone?")).status())
        .isIn(403, 404);
  }

  /** Incremental syncs until the room shows up as left: Synapse caches identical initial-sync answers. */
  private static void awaitLeft(SyncWatcher view, RoomId room, String what) {
    Await.until(Duration.ofSeconds(30), what,
        () -> view.poll().left().containsKey(room) ? Optional.of(true) : Optional.empty());
  }
}

package dev.steward.bots.autojoin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.runtime.Steward;
import dev.steward.bots.BotsFixture;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auto-join bot on a real Synapse: the inviters see which invites it accepts. */
class AutoJoinIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private TestUser botUser;
  private TestUser alice;
  private Steward steward;

  @TempDir
  Path dir;

  @BeforeEach
  void start() {
    botUser = hs.newUser("steward");
    alice = hs.newUser("alice");
    steward = BotsFixture.start(hs, botUser, dir, """
        autojoin:
          users: ["%s"]
          reject_others: true
        """.formatted(alice.userId()), AutoJoinBot.class);
  }

  @AfterEach
  void stop() {
    steward.close();
  }

  private Predicate<RoomEvent> botMembership(String membership) {
    return e -> e.type().equals("m.room.member") && botUser.userId().value().equals(e.stateKey())
        && membership.equals(e.content().path("membership").asText());
  }

  private RoomId inviteBot(MatrixClient inviter) {
    return inviter.rooms().create(CreateRoomRequest.privateGroup("autojoin it " + UUID.randomUUID(),
        botUser.userId()).build());
  }

  @Test
  void joinsWhenTheAllowListedUserInvites() {
    MatrixClient client = hs.client(alice);
    SyncWatcher aliceView = new SyncWatcher(client);
    RoomId room = inviteBot(client);

    aliceView.await(room, botMembership("join"), "the bot joining");

    assertThat(client.rooms().joinedMembers(room)).containsKey(botUser.userId());
  }

  @Test
  void rejectsAnInviteFromAnotherUserEvenOneNamedLikeTheAllowedOne() {
    TestUser mallory = hs.newUser("mallory");
    MatrixClient client = hs.client(mallory);
    // The display name is the allowed user's id: only the real sender counts.
    client.profiles().setDisplayName(alice.userId().value());
    SyncWatcher malloryView = new SyncWatcher(client);
    RoomId room = inviteBot(client);

    RoomEvent rejection = malloryView.await(room, botMembership("leave"), "the bot rejecting the invite");

    assertThat(rejection.sender()).isEqualTo(botUser.userId());
    assertThat(rejection.content().path("reason").asText()).isEqualTo(AutoJoinBot.REJECT_REASON);
    assertThat(malloryView.all(room, botMembership("join"))).isEmpty();
    assertThat(client.rooms().joinedMembers(room)).doesNotContainKey(botUser.userId());
  }
}

package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.Membership;
import dev.steward.client.model.RoomMember;
import dev.steward.client.testing.Await;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Members by membership, member count and revoking invites, on a real Synapse. */
class MembershipQueriesIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private MatrixClient bot;
  private MatrixClient alice;
  private MatrixClient carol;
  private TestUser botUser;
  private TestUser aliceUser;
  private TestUser carolUser;

  @BeforeEach
  void accounts() {
    botUser = hs.newUser("bot");
    aliceUser = hs.newUser("alice");
    carolUser = hs.newUser("carol");
    bot = hs.client(botUser);
    alice = hs.client(aliceUser);
    carol = hs.client(carolUser);
  }

  @Test
  void listsMembersByMembershipAndCountsTheJoinedOnes() {
    RoomId room = bot.rooms().create(
        CreateRoomRequest.privateGroup("members", aliceUser.userId(), carolUser.userId()).build());
    carol.rooms().join(room);

    assertThat(bot.rooms().members(room, Membership.INVITE, null)).extracting(RoomMember::userId)
        .containsExactly(aliceUser.userId());
    assertThat(bot.rooms().members(room, Membership.JOIN, null)).extracting(RoomMember::userId)
        .containsExactlyInAnyOrder(botUser.userId(), carolUser.userId());
    assertThat(bot.rooms().members(room, null, Membership.JOIN)).extracting(RoomMember::userId)
        .containsExactly(aliceUser.userId());
    assertThat(bot.rooms().members(room)).filteredOn(m -> m.userId().equals(carolUser.userId()))
        .singleElement().satisfies(m -> {
          assertThat(m.membership()).isEqualTo(Membership.JOIN);
          assertThat(m.displayName()).isEqualTo(carolUser.localpart());
        });
    // Carol, a member, sees the same count the bot does.
    assertThat(bot.rooms().memberCount(room)).isEqualTo(2);
    assertThat(carol.rooms().memberCount(room)).isEqualTo(2);
  }

  @Test
  void aRoomThatDoesNotExistIsNotFound() {
    RoomException e = catchThrowableOfType(RoomException.class,
        () -> bot.rooms().memberCount(RoomId.of("!doesnotexist:localhost")));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.NOT_FOUND);
  }

  @Test
  void revokedInviteDisappearsForTheInvitee() {
    RoomId room = bot.rooms().create(CreateRoomRequest.privateGroup("revoke", aliceUser.userId()).build());
    SyncWatcher aliceView = new SyncWatcher(alice);
    aliceView.awaitInvite(room);

    bot.rooms().revokeInvite(room, aliceUser.userId(), "sent by mistake");

    // Incremental syncs: Synapse caches identical initial-sync answers for a while.
    Await.until(Duration.ofSeconds(30), "alice's invite withdrawn", () ->
        aliceView.poll().left().containsKey(room) ? Optional.of(true) : Optional.empty());
    MatrixException e = catchThrowableOfType(MatrixException.class, () -> alice.rooms().join(room));
    assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    assertThat(bot.rooms().members(room, Membership.LEAVE, null)).extracting(RoomMember::userId)
        .containsExactly(aliceUser.userId());
  }

  @Test
  void revokingTheInviteOfAJoinedMemberIsRefusedAndKeepsThem() {
    RoomId room = bot.rooms().create(CreateRoomRequest.privateGroup("joined", aliceUser.userId()).build());
    alice.rooms().join(room);

    RoomException e = catchThrowableOfType(RoomException.class,
        () -> bot.rooms().revokeInvite(room, aliceUser.userId(), null));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.WRONG_MEMBERSHIP);
    assertThat(alice.rooms().joined()).contains(room);
  }

  @Test
  void aRoomTheUserCannotSeeIsNotFound() {
    RoomId room = alice.rooms().create(CreateRoomRequest.privateGroup("hidden").build());

    RoomException e = catchThrowableOfType(RoomException.class, () -> bot.rooms().members(room));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.NOT_FOUND);
    assertThat(e.room()).isEqualTo(room);
  }
}

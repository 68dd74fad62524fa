package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.History.Direction;
import dev.steward.client.RoomException.Reason;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Synapse's refusals of room operations, as the typed {@link RoomException} a caller can switch on. */
class RoomErrorsIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private MatrixClient owner;
  private MatrixClient alice;
  private UserId aliceId;
  private RoomId room;

  @BeforeEach
  void aRoomAliceJoined() {
    owner = hs.client(hs.newUser("owner"));
    TestUser a = hs.newUser("alice");
    alice = hs.client(a);
    aliceId = a.userId();
    room = owner.rooms().create(CreateRoomRequest.builder().name("errors " + UUID.randomUUID())
        .preset(CreateRoomRequest.Preset.PUBLIC_CHAT).build());
    alice.rooms().join(room);
  }

  private static RoomException refusal(Runnable call) {
    return catchThrowableOfType(RoomException.class, call::run);
  }

  @Test
  void membershipRefusalsCarryTheirReason() {
    RoomException kick = refusal(() -> alice.rooms().kick(room, owner.userId(), "coup"));
    RoomException ban = refusal(() -> alice.rooms().ban(room, owner.userId(), "coup"));
    RoomException unknownJoin = refusal(() -> alice.rooms().join(RoomId.of("!nowhere" + UUID.randomUUID()
        .toString().substring(0, 8) + ":localhost")));
    RoomException nonMember = refusal(() -> owner.rooms().kick(room, UserId.of("@nobody-here:localhost"), null));
    RoomException notBanned = refusal(() -> owner.rooms().unban(room, aliceId, null));

    assertThat(kick.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(kick.errcode()).isEqualTo("M_FORBIDDEN");
    assertThat(kick.room()).isEqualTo(room);
    assertThat(ban.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(unknownJoin.reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(nonMember.reason()).isEqualTo(Reason.WRONG_MEMBERSHIP);
    assertThat(notBanned.reason()).isEqualTo(Reason.WRONG_MEMBERSHIP);
    assertThat(owner.rooms().joinedMembers(room)).containsKey(aliceId);
  }

  @Test
  void writesInAnArchivedRoomAreArchivedAndOtherRoomsStayForbidden() {
    RoomException rename = refusal(() -> alice.settings().setName(room, "mine now"));
    assertThat(rename.reason()).as("a rename without power in a live room").isEqualTo(Reason.FORBIDDEN);
    assertThat(owner.moderation().archive(room)).isTrue();

    RoomException send = refusal(() -> alice.sendText(room, "anyone?"));
    RoomException topic = refusal(() -> alice.settings().setTopic(room, "frozen?"));

    assertThat(send.reason()).isEqualTo(Reason.ARCHIVED);
    assertThat(send.neededLevel()).hasValue(Moderation.MODERATOR);
    assertThat(send.errcode()).isEqualTo("M_FORBIDDEN");
    assertThat(topic.reason()).isEqualTo(Reason.ARCHIVED);
  }

  @Test
  void readsOfARoomTheUserCannotSeeAreNotFound() {
    RoomId hidden = owner.rooms().create(CreateRoomRequest.builder().name("hidden").build());

    assertThat(refusal(() -> alice.history().page(hidden, Direction.BACKWARD, null, 5, null)).reason())
        .isEqualTo(Reason.NOT_FOUND);
    assertThat(refusal(() -> alice.tags().favourite(hidden)).reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(refusal(() -> alice.rooms().leave(RoomId.of("!gone" + UUID.randomUUID().toString().substring(0, 8)
        + ":localhost"))).reason()).isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void roomsInviteKeepsADirectChatToTwo() {
    RoomId dm = owner.directMessages().getOrCreate(aliceId);
    UserId carol = hs.newUser("carol").userId();

    RoomException e = refusal(() -> owner.rooms().invite(dm, carol));

    assertThat(e.reason()).isEqualTo(Reason.INVALID_FOR_ROOM_TYPE);
    assertThat(owner.rooms().members(dm)).noneMatch(m -> m.userId().equals(carol));
    owner.rooms().invite(room, carol); // an ordinary room takes her
  }
}

package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.CreateRoomRequest.ThirdPartyInvite;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import org.junit.jupiter.api.Test;

/** Joining by room id through via servers, and Synapse's refusal of an invite_3pid it cannot deliver. */
class ThirdPartyAndViaIT {
  private final TestHomeserver hs = TestHomeserver.get();

  @Test
  void joinsByIdThroughViaAndRefusesAThirdPartyInviteWithItsErrcode() {
    MatrixClient owner = hs.client(hs.newUser("owner"));
    TestUser a = hs.newUser("alice");
    MatrixClient alice = hs.client(a);
    RoomId room = owner.rooms().create(CreateRoomRequest.builder().name("via")
        .preset(CreateRoomRequest.Preset.PUBLIC_CHAT).build());

    assertThat(alice.rooms().join(room, ServerName.of("localhost"))).isEqualTo(room);
    assertThat(owner.rooms().joinedMembers(room)).containsKey(a.userId());

    // The dev Synapse has no identity server it may reach (loopback addresses are blocked): refused with an errcode.
    MatrixException e = catchThrowableOfType(MatrixException.class, () -> owner.rooms().create(
        CreateRoomRequest.builder().name("3pid").invite3pid(new ThirdPartyInvite("127.0.0.1:9", "id-token", "email",
            "nobody@example.org")).build()));
    assertThat(e.errcode()).isNotNull();
    assertThat(e.status()).isBetween(400, 599);
  }
}

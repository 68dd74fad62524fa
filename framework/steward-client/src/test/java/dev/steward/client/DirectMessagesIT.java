package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Json;
import dev.steward.client.model.StrippedStateEvent;
import dev.steward.client.testing.Await;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Get-or-create DMs and the m.direct bookkeeping, observed by the other user. */
class DirectMessagesIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private MatrixClient bot;
  private MatrixClient alice;
  private TestUser aliceUser;

  @BeforeEach
  void accounts() {
    bot = hs.client(hs.newUser("bot"));
    aliceUser = hs.newUser("alice");
    alice = hs.client(aliceUser);
  }

  private Optional<StrippedStateEvent> ownInvite(SyncWatcher aliceView, RoomId room) {
    // Incremental syncs: Synapse caches identical initial-sync answers for a while.
    var invited = aliceView.poll().invited().get(room);
    if (invited == null) {
      return Optional.empty();
    }
    return invited.inviteState().stream()
        .filter(e -> e.type().equals("m.room.member") && aliceUser.userId().value().equals(e.stateKey())).findFirst();
  }

  @Test
  void secondCallReturnsTheSameRoomAndAliceSeesADirectInvite() {
    ObjectNode other = Json.mapper().createObjectNode();
    other.putArray("@someone:localhost").add("!elsewhere:localhost");
    bot.http().json("PUT", bot.http().v3(null, "user", bot.userId().value(), "account_data", "m.direct"), other,
        CallOptions.SAFE, Void.class);

    RoomId first = bot.directMessages().getOrCreate(aliceUser.userId());
    RoomId second = bot.directMessages().getOrCreate(aliceUser.userId());

    assertThat(second).isEqualTo(first);
    SyncWatcher aliceView = new SyncWatcher(alice);
    StrippedStateEvent invite = Await.until(Duration.ofSeconds(30), "alice's DM invite",
        () -> ownInvite(aliceView, first));
    assertThat(invite.content().path("membership").asText()).isEqualTo("invite");
    assertThat(invite.content().path("is_direct").asBoolean()).isTrue();
    JsonNode direct = bot.http().json("GET",
        bot.http().v3(null, "user", bot.userId().value(), "account_data", "m.direct"), null, CallOptions.SAFE,
        JsonNode.class);
    assertThat(direct.path(aliceUser.userId().value()).toString()).isEqualTo("[\"" + first.value() + "\"]");
    assertThat(direct.path("@someone:localhost").toString()).isEqualTo("[\"!elsewhere:localhost\"]");
    assertThat(bot.directMessages().sharedWith(aliceUser.userId())).containsExactly(first);
    assertThat(bot.directMessages().partnerOf(first)).contains(aliceUser.userId());
  }

  @Test
  void aDmAliceLeftIsReplacedByANewOne() {
    RoomId first = bot.directMessages().getOrCreate(aliceUser.userId());
    alice.rooms().join(first);
    alice.rooms().leave(first);

    SyncWatcher aliceView = new SyncWatcher(alice);
    aliceView.poll();

    RoomId second = bot.directMessages().getOrCreate(aliceUser.userId());

    assertThat(second).isNotEqualTo(first);
    Await.until(Duration.ofSeconds(30), "alice's invite to the new DM", () -> ownInvite(aliceView, second));
    assertThat(bot.directMessages().directRooms().get(aliceUser.userId())).containsExactly(first, second);
  }

  @Test
  void invitingAThirdMemberIntoADmIsRefused() {
    TestUser carol = hs.newUser("carol");
    RoomId dm = bot.directMessages().getOrCreate(aliceUser.userId());

    RoomException e = catchThrowableOfType(RoomException.class,
        () -> bot.directMessages().invite(dm, carol.userId()));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.INVALID_FOR_ROOM_TYPE);
    assertThat(hs.client(carol).sync(SyncRequest.of(null, Duration.ZERO)).invited()).doesNotContainKey(dm);
  }
}

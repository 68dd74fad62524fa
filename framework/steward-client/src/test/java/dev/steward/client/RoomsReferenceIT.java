package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.RoomException.Reason;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.HistoryVisibility;
import dev.steward.client.model.JoinRule;
import dev.steward.client.model.RoomDetails;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The room gaps of issue 24 on the real Synapse: details, a mute with an expiry, close and leave that refuse before
 * changing anything, create options and spaces. The bot acts, alice checks what she can still do.
 */
class RoomsReferenceIT extends TwoUsers {
  private static final List<ServerName> VIA = List.of(ServerName.of("localhost"));

  private static RoomException refusal(Runnable call) {
    return catchThrowableOfType(RoomException.class, call::run);
  }

  @Test
  void detailsOfAReadOnlyEncryptedRoomInASpaceAndOfAnUnnamedOne() {
    RoomId space = bot.rooms().create(Spaces.createRequest("Space").build());
    RoomId room = bot.spaces().createIn(space, CreateRoomRequest.readOnlyPrivateGroup("news", aliceId)
        .topic("only news").encrypted(), false);
    alice.profiles().setDisplayName("Alice R");
    alice.rooms().join(room);

    RoomDetails d = alice.rooms().details(room);

    assertThat(d.displayName()).isEqualTo("news");
    assertThat(d.topic()).isEqualTo("only news");
    assertThat(d.joinedMembers()).isEqualTo(2);
    assertThat(d.joinRule()).isEqualTo(JoinRule.INVITE);
    assertThat(d.encrypted()).isTrue();
    assertThat(d.readOnly()).isTrue();
    assertThat(d.creator()).isEqualTo(botId);
    assertThat(d.federated()).isTrue();
    assertThat(d.parentSpaces()).containsExactly(space);
    assertThat(bot.spaces().children(space)).extracting(p -> p.roomId()).containsExactly(room);
    assertThat(refusal(() -> alice.sendEvent(room, "m.room.encrypted", java.util.Map.of())).reason())
        .as("read-only for alice").isEqualTo(Reason.FORBIDDEN);

    RoomId unnamed = bot.rooms().create(CreateRoomRequest.builder().invite(aliceId).build());
    assertThat(bot.rooms().details(unnamed).displayName()).as("alice invited").isEqualTo("Alice R");
    alice.rooms().join(unnamed);
    assertThat(alice.rooms().details(unnamed).displayName()).as("the bot by its default display name, its localpart")
        .isEqualTo(botId.localpart());
    assertThat(bot.rooms().details(space).isSpace()).isTrue();
    assertThat(refusal(() -> alice.rooms().details(space)).reason()).as("not her space").isEqualTo(Reason.NOT_FOUND);
  }

  @Test
  void aMuteWithAnExpiryEndsThroughUnmuteIfDue() {
    RoomId room = sharedRoom();
    Instant until = Instant.now().plusSeconds(2);

    assertThat(bot.moderation().mute(room, aliceId, until)).isTrue();

    assertThat(bot.moderation().mutedUntil(room, aliceId)).contains(until.truncatedTo(
        java.time.temporal.ChronoUnit.MILLIS));
    assertThat(refusal(() -> alice.sendText(room, "hello?")).reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(bot.moderation().unmuteIfDue(room, aliceId, until.minusSeconds(1))).as("not yet").isFalse();
    assertThat(bot.moderation().unmuteIfDue(room, aliceId, until)).isTrue();
    assertThat(bot.moderation().isMuted(room, aliceId)).isFalse();
    alice.sendText(room, "back");
  }

  @Test
  void aClosedPublicRoomCanNeitherBeFoundNorRejoined() {
    String local = unique("closing");
    RoomId room = bot.rooms().create(CreateRoomRequest.publicRoom("closing", local).build());
    RoomAlias alias = RoomAlias.of("#" + local + ":localhost");
    alice.rooms().join(alias);

    assertThat(bot.moderation().close(room, "closed")).isEqualTo(Moderation.Closed.EMPTIED_AND_LEFT);

    assertThat(refusal(() -> alice.rooms().resolve(alias)).reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(alice.directory().visibility(room)).isEqualTo(CreateRoomRequest.Visibility.PRIVATE);
    aliceView.await(room, e -> e.type().equals("m.room.join_rules") && "invite".equals(e.contentText("join_rule")),
        "the room made invite-only before alice was removed");
    // With every member of this server gone, Synapse knows no server to join through: the room is unreachable.
    assertThat(refusal(() -> alice.rooms().join(room)).reason()).isEqualTo(Reason.NOT_FOUND);
    assertThat(bot.rooms().joined()).doesNotContain(room);
  }

  @Test
  void closeAndLeaveRefuseBeforeChangingAnything() {
    RoomId room = sharedRoom();
    bot.directory().publish(room);
    bot.rooms().setPowerLevel(room, aliceId, 100);

    RoomException close = refusal(() -> bot.moderation().close(room, "bye"));

    assertThat(close.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(close.getMessage()).contains(aliceId.value());
    assertThat(alice.directory().visibility(room)).isEqualTo(CreateRoomRequest.Visibility.PUBLIC);
    assertThat(alice.rooms().joinedMembers(room)).containsKeys(aliceId, botId);

    alice.rooms().setPowerLevel(room, aliceId, 0);
    RoomException leave = refusal(() -> bot.rooms().leave(room));
    assertThat(leave.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(alice.rooms().joinedMembers(room)).containsKey(botId);
    bot.rooms().leave(room, "forced", true);
    assertThat(bot.rooms().joined()).doesNotContain(room);
  }

  @Test
  void incognitoRoomsHistoryIsForJoinedMembersAndFederationCanBeSwitchedOff() {
    RoomId room = bot.rooms().create(CreateRoomRequest.incognito("quiet", aliceId).build());
    bot.sendText(room, "before alice");
    alice.rooms().join(room);

    bot.settings().disableFederation(room);

    RoomDetails d = alice.rooms().details(room);
    assertThat(d.historyVisibility()).isEqualTo(HistoryVisibility.JOINED);
    assertThat(d.federated()).isFalse();
    assertThat(alice.directory().visibility(room)).isEqualTo(CreateRoomRequest.Visibility.PRIVATE);
    assertThat(alice.history().stream(room, History.Direction.BACKWARD).limit(50)
        .filter(e -> e.type().equals("m.room.message"))).as("alice cannot read what came before her").isEmpty();
  }

  @Test
  void aRoomMovesBetweenSpaces() {
    RoomId first = bot.rooms().create(Spaces.createRequest("First").build());
    RoomId second = bot.rooms().create(Spaces.createRequest("Second").build());
    RoomId room = bot.spaces().createIn(first, CreateRoomRequest.privateGroup("moving"), false);

    bot.spaces().move(room, first, second, VIA);

    assertThat(bot.spaces().parents(room)).containsExactly(second);
    assertThat(bot.spaces().children(first)).isEmpty();
    assertThat(bot.spaces().children(second)).extracting(p -> p.roomId()).containsExactly(room);
  }

  @Test
  void anUpgradeInvitesTheOldRoomsMembers() {
    RoomId room = sharedRoom();

    RoomUpgrades.Upgraded u = bot.upgrades().upgrade(room, bot.capabilities().defaultRoomVersion(), true);

    assertThat(u.invited()).containsExactly(aliceId);
    assertThat(u.notInvited()).isEmpty();
    alice.rooms().join(u.replacement());
    assertThat(bot.rooms().details(u.replacement()).joinedMembers()).isEqualTo(2);
  }

  @Test
  void historyFromADateAndTheFullyReadMarkerReadBack() throws Exception {
    RoomId room = sharedRoom();
    EventId old = bot.sendText(room, "old");
    long oldTs = bot.history().event(room, old).originServerTs();
    while (System.currentTimeMillis() <= oldTs) {
      Thread.onSpinWait(); // the next message must carry a later millisecond than "old"
    }
    EventId fresh = bot.sendText(room, "new");
    bot.sendText(room, "newer");

    List<String> since = bot.history().since(room, Instant.ofEpochMilli(oldTs + 1))
        .filter(e -> e.type().equals("m.room.message")).map(e -> e.contentText("body")).toList();

    assertThat(since).containsExactly("new", "newer");
    assertThat(bot.history().eventAt(room, Instant.ofEpochMilli(oldTs), History.Direction.BACKWARD)).contains(old);
    assertThat(alice.receipts().fullyRead(room)).isEmpty();
    alice.receipts().setReadMarkers(room, fresh, null);
    assertThat(alice.receipts().fullyRead(room)).contains(fresh);
  }

  @Test
  void aServerAdminJoinsAliceWithoutAskingAndSeesRoomsItIsNotIn() {
    MatrixClient admin = hs.client(hs.newAdmin("admin"));
    RoomId room = bot.rooms().create(CreateRoomRequest.builder().name("open")
        .preset(CreateRoomRequest.Preset.PUBLIC_CHAT).build());

    assertThat(admin.serverAdmin().joinUser(room, aliceId)).isEqualTo(room);

    assertThat(bot.rooms().joinedMembers(room)).containsKey(aliceId);
    assertThat(admin.serverAdmin().roomsNotJoined()).anySatisfy(r -> {
      assertThat(r.roomId()).isEqualTo(room);
      assertThat(r.name()).isEqualTo("open");
    });
    RoomException join = refusal(() -> bot.serverAdmin().joinUser(room, aliceId));
    assertThat(join.reason()).isEqualTo(Reason.FORBIDDEN);
    assertThat(join.errcode()).isEqualTo("M_FORBIDDEN");
    MatrixException list = catchThrowableOfType(MatrixException.class, () -> bot.serverAdmin().roomsNotJoined());
    assertThat(list.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
  }

  @Test
  void listenersHearAlicesMessagesOfOneBatchTogether() throws Exception {
    RoomId room = sharedRoom();
    RoomListeners listeners = new RoomListeners(botId);
    List<RoomListeners.RoomChange> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
    listeners.addListener(RoomListeners.Kind.MESSAGES, messages::add);
    SyncLoop loop = listeners.syncLoop(bot);
    loop.pollOnce();
    messages.clear(); // the initial sync's history is not what this test listens for

    alice.sendText(room, "one");
    alice.sendText(room, "two");
    loop.pollOnce();

    assertThat(messages).singleElement().satisfies(c -> {
      assertThat(c.room()).isEqualTo(room);
      assertThat(c.events()).extracting(e -> e.contentText("body")).containsExactly("one", "two");
    });
  }
}

package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.HistoryVisibility;
import dev.steward.client.model.JoinRule;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SettingsUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Room settings on the real Synapse: the bot changes them, alice sees the change. */
class RoomSettingsIT extends TwoUsers {

  @Test
  void nameTopicAndAvatarSetByTheBotReachAlice() {
    RoomId room = sharedRoom();

    bot.settings().setName(room, "Ops room");
    bot.settings().setTopic(room, "on call");
    bot.settings().setAvatar(room, "mxc://localhost/avatar1");

    RoomEvent topic = aliceView.await(room, e -> e.type().equals("m.room.topic"), "the topic event");
    assertThat(topic.sender()).isEqualTo(botId);
    assertThat(alice.settings().name(room)).contains("Ops room");
    assertThat(alice.settings().topic(room)).contains("on call");
    assertThat(alice.settings().avatar(room)).contains("mxc://localhost/avatar1");
  }

  @Test
  void aliasesCreatedAndPublishedResolveForAliceUntilDeleted() {
    RoomId room = sharedRoom();
    RoomAlias main = RoomAlias.of("#" + unique("ops") + ":localhost");
    RoomAlias alt = RoomAlias.of("#" + unique("oncall") + ":localhost");

    bot.settings().createAlias(main, room);
    bot.settings().createAlias(alt, room);
    bot.settings().setCanonicalAlias(room, main, List.of(alt));

    assertThat(alice.rooms().resolve(main)).isEqualTo(room);
    assertThat(alice.settings().canonicalAlias(room).alias()).contains(main);
    assertThat(alice.settings().canonicalAlias(room).altAliases()).containsExactly(alt);

    bot.settings().clearCanonicalAlias(room);
    bot.settings().deleteAlias(alt);

    assertThat(alice.settings().canonicalAlias(room).alias()).isEmpty();
    MatrixException gone = catchThrowableOfType(MatrixException.class, () -> alice.rooms().resolve(alt));
    assertThat(gone.code()).isEqualTo(ErrorCode.M_NOT_FOUND);
  }

  @Test
  void publicJoinRuleLetsAStrangerJoinAndOtherRulesReadBack() {
    RoomId room = sharedRoom();
    MatrixClient carol = hs.client(hs.newUser("carol"));

    MatrixException refused = catchThrowableOfType(MatrixException.class, () -> carol.rooms().join(room));
    bot.settings().setJoinRule(room, JoinRule.PUBLIC);
    carol.rooms().join(room);

    assertThat(refused.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    bot.settings().setJoinRule(room, JoinRule.KNOCK);
    assertThat(alice.settings().joinRule(room)).contains(JoinRule.KNOCK);
  }

  @Test
  void restrictedRoomAdmitsMembersOfTheAllowedSpaceOnly() {
    RoomId space = bot.rooms().create(Spaces.createRequest("Members").invite(aliceId).build());
    alice.rooms().join(space);
    RoomId room = bot.rooms().create(CreateRoomRequest.builder().name("members only").build());
    MatrixClient carol = hs.client(hs.newUser("carol"));

    bot.settings().setRestricted(room, List.of(space), false);

    alice.rooms().join(room);
    MatrixException refused = catchThrowableOfType(MatrixException.class, () -> carol.rooms().join(room));
    assertThat(refused.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    assertThat(alice.settings().joinRule(room)).contains(JoinRule.RESTRICTED);
    assertThat(bot.rooms().joinedMembers(room)).containsKey(aliceId);
  }

  @Test
  void historyVisibilityAndGuestAccessReadBackForAlice() {
    RoomId room = sharedRoom();

    bot.settings().setHistoryVisibility(room, HistoryVisibility.JOINED);
    bot.settings().setGuestAccess(room, true);

    assertThat(alice.settings().historyVisibility(room)).contains(HistoryVisibility.JOINED);
    assertThat(alice.settings().guestAccess(room)).isTrue();
  }

  @Test
  void nicknameChangesOnlyTheRoomDisplayName() {
    RoomId room = sharedRoom();

    bot.settings().setNickname(room, "Ops Bot");

    RoomEvent member = aliceView.await(room, e -> e.type().equals("m.room.member")
        && botId.value().equals(e.stateKey()) && "Ops Bot".equals(e.contentText("displayname")), "bot nickname");
    assertThat(member.contentText("membership")).isEqualTo("join");
    assertThat(alice.rooms().joinedMembers(room).get(botId).displayName()).isEqualTo("Ops Bot");
    assertThat(alice.profiles().get(botId).displayName()).isNotEqualTo("Ops Bot");
  }

  @Test
  void fullStateShowsAliceTheBotsSettings() {
    RoomId room = sharedRoom();
    bot.settings().setTopic(room, "state topic");

    List<RoomEvent> state = alice.settings().fullState(room);

    assertThat(state).anySatisfy(e -> {
      assertThat(e.type()).isEqualTo("m.room.topic");
      assertThat(e.contentText("topic")).isEqualTo("state topic");
      assertThat(e.sender()).isEqualTo(botId);
    });
    assertThat(state).anySatisfy(e -> assertThat(e.type()).isEqualTo("m.room.create"));
  }

  @Test
  void saveAppliesSeveralSettingsAtOnce() {
    RoomId room = sharedRoom();

    List<String> applied = bot.settings().save(room,
        SettingsUpdate.builder().name("Saved").topic("saved topic").historyVisibility(HistoryVisibility.INVITED)
            .build());

    assertThat(applied).containsExactly("m.room.name", "m.room.topic", "m.room.history_visibility");
    assertThat(alice.settings().name(room)).contains("Saved");
    assertThat(alice.settings().topic(room)).contains("saved topic");
    assertThat(alice.settings().historyVisibility(room)).contains(HistoryVisibility.INVITED);
  }

  @Test
  void saveReportsWhatWasAppliedBeforeTheRefusal() {
    RoomId room = sharedRoom();
    bot.rooms().setPowerLevel(room, aliceId, 50);

    // At 50 alice may set the name but not history visibility, which private rooms reserve for level 100.
    SettingsNotSavedException e = catchThrowableOfType(SettingsNotSavedException.class, () -> alice.settings()
        .save(room, SettingsUpdate.builder().name("By alice").historyVisibility(HistoryVisibility.JOINED).build()));

    assertThat(e.applied()).containsExactly("m.room.name");
    assertThat(e.failed()).isEqualTo("m.room.history_visibility");
    assertThat(e.getCause().code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    assertThat(bot.settings().name(room)).contains("By alice");
  }
}

package dev.steward.client;

import static dev.steward.client.testing.SyncWatcher.messageWithBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.client.internal.Json;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Room creation, membership, messages and roles on a real Synapse: the bot acts, alice observes. */
class RoomsAndMessagesIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private MatrixClient bot;
  private UserId botId;
  private MatrixClient alice;
  private UserId aliceId;
  private SyncWatcher aliceView;

  @BeforeEach
  void accounts() {
    TestUser b = hs.newUser("bot");
    TestUser a = hs.newUser("alice");
    bot = hs.client(b);
    botId = b.userId();
    alice = hs.client(a);
    aliceId = a.userId();
    aliceView = new SyncWatcher(alice);
    aliceView.poll();
  }

  private static Predicate<RoomEvent> member(UserId target, String membership) {
    return e -> e.type().equals("m.room.member") && target.value().equals(e.stateKey())
        && membership.equals(e.content().path("membership").asText());
  }

  private RoomId sharedRoom() {
    RoomId room = bot.rooms().create(CreateRoomRequest.privateGroup("it " + UUID.randomUUID(), aliceId).build());
    alice.rooms().join(room);
    aliceView.await(room, member(aliceId, "join"), "alice's join");
    return room;
  }

  @Test
  void createOptionsAreWhatTheInviteeFinds() {
    String alias = "opt-" + UUID.randomUUID().toString().substring(0, 8);
    RoomId room = bot.rooms().create(CreateRoomRequest.builder().name("Options").topic("every option")
        .preset(CreateRoomRequest.Preset.PRIVATE_CHAT).visibility(CreateRoomRequest.Visibility.PRIVATE)
        .roomAliasName(alias).invite(aliceId)
        .initialState("m.room.guest_access", "", Map.of("guest_access", "forbidden"))
        .creationContent("m.federate", false)
        .powerLevelContentOverride(Json.mapper().createObjectNode().put("ban", 60)).roomVersion("10").build());

    aliceView.awaitInvite(room);
    alice.rooms().join(RoomAlias.of("#" + alias + ":localhost"));

    assertThat(alice.rooms().resolve(RoomAlias.of("#" + alias + ":localhost"))).isEqualTo(room);
    var create = alice.rooms().state(room, "m.room.create", "").orElseThrow();
    assertThat(create.path("m.federate").asBoolean(true)).isFalse();
    assertThat(create.path("room_version").asText()).isEqualTo("10");
    assertThat(alice.rooms().state(room, "m.room.name", "").orElseThrow().path("name").asText()).isEqualTo("Options");
    assertThat(alice.rooms().state(room, "m.room.topic", "").orElseThrow().path("topic").asText())
        .isEqualTo("every option");
    assertThat(alice.rooms().state(room, "m.room.guest_access", "").orElseThrow().path("guest_access").asText())
        .isEqualTo("forbidden");
    assertThat(alice.rooms().powerLevels(room).ban()).isEqualTo(60);
    assertThat(alice.rooms().joined()).contains(room);
  }

  @Test
  void kickBanAndUnbanAsTheTargetSeesThem() {
    RoomId room = sharedRoom();

    bot.rooms().kick(room, aliceId, "off topic");
    RoomEvent kick = aliceView.await(room, member(aliceId, "leave"), "alice being kicked");
    assertThat(kick.sender()).isEqualTo(botId);
    assertThat(kick.contentText("reason")).isEqualTo("off topic");

    bot.rooms().invite(room, aliceId);
    alice.rooms().join(room);
    bot.rooms().ban(room, aliceId, "spam");
    RoomEvent ban = aliceView.await(room, member(aliceId, "ban"), "alice being banned");
    assertThat(ban.contentText("reason")).isEqualTo("spam");
    assertThatThrownBy(() -> alice.rooms().join(room)).isInstanceOf(MatrixException.class);

    bot.rooms().unban(room, aliceId, null);
    bot.rooms().invite(room, aliceId);
    assertThat(alice.rooms().join(room)).isEqualTo(room);

    // The bot is the room's only admin and alice stays: a plain leave refuses (RoomsReferenceIT), so force it.
    bot.rooms().leave(room, "done here", true);
    aliceView.await(room, member(botId, "leave"), "the bot leaving");
    bot.rooms().forget(room);
    assertThat(bot.rooms().joined()).doesNotContain(room);
  }

  @Test
  void messagesOfEveryKindAsAliceSeesThem() {
    RoomId room = sharedRoom();
    EventId question = alice.sendText(room, "what time is it?");

    bot.messages().notice(room, "a notice");
    bot.messages().emote(room, "waves");
    bot.messages().html(room, "m.text", "bold text", "<b>bold</b> text");
    bot.messages().reply(room, question, "m.text", "noon");
    EventId typo = bot.messages().text(room, "helo");
    bot.messages().edit(room, typo, "m.text", "hello", null);
    bot.messages().react(room, question, "👍");
    EventId gone = bot.messages().text(room, "to be removed");
    bot.messages().redact(room, gone, "mistake");

    assertThat(aliceView.await(room, messageWithBody("a notice"), "notice").contentText("msgtype"))
        .isEqualTo("m.notice");
    assertThat(aliceView.await(room, messageWithBody("waves"), "emote").contentText("msgtype")).isEqualTo("m.emote");
    assertThat(aliceView.await(room, messageWithBody("bold text"), "html").contentText("formatted_body"))
        .isEqualTo("<b>bold</b> text");
    RoomEvent reply = aliceView.await(room, messageWithBody("noon"), "reply");
    assertThat(reply.content().path("m.relates_to").path("m.in_reply_to").path("event_id").asText())
        .isEqualTo(question.value());
    RoomEvent edit = aliceView.await(room, e -> "m.replace".equals(e.content().path("m.relates_to")
        .path("rel_type").asText()), "edit");
    assertThat(edit.content().path("m.relates_to").path("event_id").asText()).isEqualTo(typo.value());
    assertThat(edit.content().path("m.new_content").path("body").asText()).isEqualTo("hello");
    RoomEvent reaction = aliceView.await(room, e -> e.type().equals("m.reaction"), "reaction");
    assertThat(reaction.content().path("m.relates_to").path("key").asText()).isEqualTo("👍");
    RoomEvent redaction = aliceView.await(room, e -> e.type().equals("m.room.redaction"), "redaction");
    String redacts = redaction.content().path("redacts").asText(redaction.raw().path("redacts").asText());
    assertThat(redacts).isEqualTo(gone.value());
    assertThat(redaction.contentText("reason")).isEqualTo("mistake");
  }

  @Test
  void rolesAsTheMemberSeesThem() {
    RoomId room = sharedRoom();

    bot.roles().makeModerator(room, aliceId);
    aliceView.await(room, e -> e.type().equals("m.room.power_levels")
        && e.content().path("users").path(aliceId.value()).asLong() == 50, "alice made moderator");
    assertThat(alice.roles().moderators(room)).containsExactly(aliceId);
    assertThat(alice.roles().may(room, aliceId, Roles.Action.KICK)).isTrue();
    assertThat(alice.roles().may(room, aliceId, Roles.Action.CHANGE_POWER_LEVELS)).isFalse();

    // Not makeOwner: nobody may lower a user who is at their own level, so the bot could not demote alice after.
    assertThat(alice.roles().owners(room)).containsExactly(botId);

    bot.roles().demote(room, aliceId);
    aliceView.await(room, e -> e.type().equals("m.room.power_levels")
        && !e.content().path("users").has(aliceId.value()), "alice demoted");
    assertThatThrownBy(() -> alice.roles().requirePower(room, aliceId, Roles.Action.BAN))
        .isInstanceOfSatisfying(RoomException.class, e -> assertThat(e.neededLevel()).hasValue(50));
  }
}

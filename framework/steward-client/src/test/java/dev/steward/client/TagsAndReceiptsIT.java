package dev.steward.client;

import static dev.steward.client.testing.SyncWatcher.messageWithBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.model.BasicEvent;
import dev.steward.client.model.NotificationMode;
import dev.steward.client.model.RoomTag;
import dev.steward.client.testing.EphemeralWatcher;
import dev.steward.client.testing.SyncWatcher;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tags, notification modes, receipts and typing on the real Synapse. Tags and push rules are the user's own account
 * data, so the bot checks them through a fresh full sync; receipts and typing are checked by alice.
 */
class TagsAndReceiptsIT extends TwoUsers {

  private List<RoomTag> tagsInFreshSync(RoomId room) {
    return EphemeralWatcher.freshRoomAccountData(bot, room, "m.tag")
        .map(e -> RoomTags.parseTags(e.content().path("tags"))).orElse(List.of());
  }

  private NotificationMode modeInFreshSync(RoomId room) {
    BasicEvent rules = EphemeralWatcher.freshAccountData(bot, "m.push_rules").orElseThrow();
    return RoomTags.modeIn(rules.content(), room);
  }

  @Test
  void tagsShowInAFreshSyncAndGoAwayWhenRemoved() {
    RoomId room = sharedRoom();

    bot.tags().favourite(room);
    bot.tags().lowPriority(room);
    bot.tags().tag(room, "u.ops", 0.5);

    assertThat(tagsInFreshSync(room)).containsExactlyInAnyOrder(new RoomTag(RoomTag.FAVOURITE, null),
        new RoomTag(RoomTag.LOW_PRIORITY, null), new RoomTag("u.ops", 0.5));
    assertThat(bot.tags().tags(room)).hasSize(3);

    bot.tags().untag(room, RoomTag.LOW_PRIORITY);

    assertThat(tagsInFreshSync(room)).extracting(RoomTag::name)
        .containsExactlyInAnyOrder(RoomTag.FAVOURITE, "u.ops");
    assertThat(alice.tags().tags(room)).as("tags are private to the bot").isEmpty();
  }

  @Test
  void notificationModesShowInTheBotsPushRules() {
    RoomId room = sharedRoom();
    assertThat(modeInFreshSync(room)).isEqualTo(NotificationMode.ALL);

    bot.tags().setNotificationMode(room, NotificationMode.MUTE);
    assertThat(modeInFreshSync(room)).isEqualTo(NotificationMode.MUTE);
    assertThat(bot.tags().notificationMode(room)).isEqualTo(NotificationMode.MUTE);

    bot.tags().setNotificationMode(room, NotificationMode.MENTIONS_ONLY);
    assertThat(modeInFreshSync(room)).isEqualTo(NotificationMode.MENTIONS_ONLY);

    bot.tags().setNotificationMode(room, NotificationMode.ALL);
    assertThat(modeInFreshSync(room)).isEqualTo(NotificationMode.ALL);
    assertThat(bot.tags().notificationMode(room)).isEqualTo(NotificationMode.ALL);
  }

  private long notificationsAfterAliceSays(RoomId room, String body) {
    SyncWatcher botView = new SyncWatcher(bot);
    botView.poll();
    alice.sendText(room, body);
    botView.await(room, messageWithBody(body), "alice's message '" + body + "'");
    return EphemeralWatcher.freshSync(bot).joined().get(room).notificationCount();
  }

  @Test
  void mutedRoomCountsNoNotificationsUntilSetBackToAll() {
    RoomId room = sharedRoom();

    bot.tags().setNotificationMode(room, NotificationMode.MUTE);
    long whileMuted = notificationsAfterAliceSays(room, "quiet please");
    bot.tags().setNotificationMode(room, NotificationMode.ALL);
    long afterUnmute = notificationsAfterAliceSays(room, "loud again");

    assertThat(whileMuted).isZero();
    assertThat(afterUnmute).isEqualTo(1);
  }

  private long notificationsAfterAliceMentionsTheBot(RoomId room, String body) {
    SyncWatcher botView = new SyncWatcher(bot);
    botView.poll();
    ObjectNode content = Messages.content("m.text", body + " " + botId.value(), null);
    content.putObject("m.mentions").putArray("user_ids").add(botId.value());
    alice.sendEvent(room, "m.room.message", content);
    botView.await(room, e -> e.contentText("body") != null && e.contentText("body").startsWith(body), body);
    return EphemeralWatcher.freshSync(bot).joined().get(room).notificationCount();
  }

  @Test
  void mentionsOnlyCountsMentionsWhileMuteCountsNothing() {
    RoomId room = sharedRoom();

    bot.tags().setNotificationMode(room, NotificationMode.MENTIONS_ONLY);
    long afterPlain = notificationsAfterAliceSays(room, "just chatting");
    long afterMention = notificationsAfterAliceMentionsTheBot(room, "hey bot");
    bot.tags().setNotificationMode(room, NotificationMode.MUTE);
    long afterMutedMention = notificationsAfterAliceMentionsTheBot(room, "hey again");

    assertThat(afterPlain).isZero();
    assertThat(afterMention).isEqualTo(1);
    assertThat(afterMutedMention).as("a mention in a muted room adds nothing").isEqualTo(1);
  }

  @Test
  void aliceSeesTheBotsReadReceipt() {
    RoomId room = sharedRoom();
    EphemeralWatcher aliceEphemeral = new EphemeralWatcher(alice);
    aliceEphemeral.poll();
    EventId said = alice.sendText(room, "read me");

    bot.receipts().readReceipt(room, said);

    aliceEphemeral.await(room, e -> readBy(e, said, botId), "the bot's read receipt for alice's message");
  }

  @Test
  void readMarkersSendAReceiptAliceSeesAndAFullyReadMarkerOnlyTheBotHas() {
    RoomId room = sharedRoom();
    EphemeralWatcher aliceEphemeral = new EphemeralWatcher(alice);
    aliceEphemeral.poll();
    EventId first = alice.sendText(room, "first");
    EventId second = alice.sendText(room, "second");

    bot.receipts().setReadMarkers(room, first, second);

    aliceEphemeral.await(room, e -> readBy(e, second, botId), "the bot's receipt from read_markers");
    JsonNode marker = EphemeralWatcher.freshRoomAccountData(bot, room, "m.fully_read").orElseThrow().content();
    assertThat(marker.path("event_id").asText()).isEqualTo(first.value());
    assertThat(EphemeralWatcher.freshRoomAccountData(alice, room, "m.fully_read")).isEmpty();
  }

  @Test
  void aliceSeesTheBotTypingAndStopping() {
    RoomId room = sharedRoom();
    EphemeralWatcher aliceEphemeral = new EphemeralWatcher(alice);
    aliceEphemeral.poll();

    bot.receipts().typing(room, Duration.ofSeconds(30));
    aliceEphemeral.await(room, e -> typing(e).contains(botId.value()), "the bot typing");

    bot.receipts().stopTyping(room);
    aliceEphemeral.await(room, e -> e.type().equals("m.typing") && !typing(e).contains(botId.value()),
        "the bot no longer typing");
  }

  private static boolean readBy(BasicEvent e, EventId event, UserId user) {
    return e.type().equals("m.receipt")
        && e.content().path(event.value()).path("m.read").has(user.value());
  }

  private static List<String> typing(BasicEvent e) {
    if (!e.type().equals("m.typing")) {
      return List.of();
    }
    return java.util.stream.StreamSupport.stream(e.content().path("user_ids").spliterator(), false)
        .map(JsonNode::asText).toList();
  }
}

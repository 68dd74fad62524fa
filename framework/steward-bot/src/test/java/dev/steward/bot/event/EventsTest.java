package dev.steward.bot.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.internal.Json;
import dev.steward.client.internal.SyncParser;
import dev.steward.client.model.BasicEvent;
import dev.steward.client.model.RoomEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventsTest {
  private static final RoomId ROOM = RoomId.of("!r:localhost");

  private static RoomEvent member(String sender, String target, String membership, String previous) {
    ObjectNode ev = Json.mapper().createObjectNode().put("type", "m.room.member").put("sender", sender)
        .put("state_key", target).put("event_id", "$m").put("origin_server_ts", 1);
    ev.putObject("content").put("membership", membership).put("reason", "r");
    if (previous != null) {
      ev.putObject("unsigned").putObject("prev_content").put("membership", previous);
    }
    return SyncParser.roomEvent(ev, true);
  }

  @ParameterizedTest
  @CsvSource({
      "@a:s, @a:s, join, , JOIN",
      "@a:s, @a:s, join, invite, JOIN",
      "@a:s, @a:s, join, join, PROFILE",
      "@a:s, @a:s, leave, join, LEAVE",
      "@m:s, @a:s, leave, join, KICK",
      "@m:s, @a:s, ban, join, BAN",
      "@m:s, @a:s, leave, ban, UNBAN",
      "@m:s, @a:s, invite, , INVITE",
      "@m:s, @a:s, leave, invite, INVITE_REVOKED",
      "@a:s, @a:s, leave, invite, INVITE_REJECTED",
      "@a:s, @a:s, knock, , KNOCK"})
  void classifiesMembershipChanges(String sender, String target, String membership, String previous,
                                   MembershipEvent.Change expected) {
    MembershipEvent m = (MembershipEvent) Events.typed(ROOM, member(sender, target, membership, previous));

    assertThat(m.change()).isEqualTo(expected);
    assertThat(m.target()).isEqualTo(UserId.of(target));
    assertThat(m.reason()).isEqualTo("r");
  }

  @Test
  void typedEventsFromSyncBytesCarryTheirRoomEventAndItsJson() throws Exception {
    String image = "{\"type\":\"m.room.message\",\"event_id\":\"$i\",\"sender\":\"@a:s\",\"origin_server_ts\":1,"
        + "\"content\":{\"msgtype\":\"m.image\",\"body\":\"cat.png\",\"url\":\"mxc://s/cat\"},\"x-extra\":[1]}";
    String redaction = "{\"type\":\"m.room.redaction\",\"redacts\":\"$i\",\"event_id\":\"$r\",\"sender\":\"@a:s\","
        + "\"origin_server_ts\":2,\"content\":{}}";
    String body = "{\"next_batch\":\"s1\",\"rooms\":{\"join\":{\"!r:localhost\":{\"timeline\":{\"events\":[" + image
        + "," + redaction + "]}}}}}";
    List<RoomEvent> events = SyncParser.parse(body.getBytes(StandardCharsets.UTF_8)).joined().get(ROOM).timeline()
        .events();

    MessageEvent msg = (MessageEvent) Events.typed(ROOM, events.get(0));
    RedactionEvent red = (RedactionEvent) Events.typed(ROOM, events.get(1));

    assertThat(msg.source()).isSameAs(events.get(0));
    assertThat(msg.mediaUrl()).isEqualTo("mxc://s/cat");
    assertThat(msg.raw()).isEqualTo(Json.mapper().readTree(image)).isSameAs(events.get(0).raw());
    // Room versions up to 10 put "redacts" beside the content: read from the event's own JSON.
    assertThat(red.redacts()).isEqualTo(EventId.of("$i"));
    assertThat(red.raw()).isEqualTo(Json.mapper().readTree(redaction));
  }

  @Test
  void anEventBuiltWithoutASourceHasNoRawJson() {
    MessageEvent msg = new MessageEvent(ROOM, UserId.of("@a:s"), EventId.of("$m"), Instant.EPOCH, "m.image", "b", null,
        null, null);

    assertThat(msg.raw()).isNull();
    assertThat(msg.mediaUrl()).isNull();
  }

  @Test
  void stripsTheQuotedReplyFallback() {
    assertThat(Events.stripReplyFallback("> <@a:s> original\n> second line\n\n!ping")).isEqualTo("!ping");
    assertThat(Events.stripReplyFallback("no fallback")).isEqualTo("no fallback");
    assertThat(Events.stripReplyFallback("> only a quote")).isEmpty();
  }

  @Test
  void redactionReadsRedactsFromContentOrTopLevel() {
    ObjectNode v11 = Json.mapper().createObjectNode().put("type", "m.room.redaction").put("sender", "@a:s")
        .put("event_id", "$r1").put("origin_server_ts", 1);
    v11.putObject("content").put("redacts", "$gone").put("reason", "spam");
    ObjectNode v10 = v11.deepCopy();
    v10.put("redacts", "$old");
    ((ObjectNode) v10.get("content")).remove("redacts");

    RedactionEvent a = (RedactionEvent) Events.typed(ROOM, SyncParser.roomEvent(v11, true));
    RedactionEvent b = (RedactionEvent) Events.typed(ROOM, SyncParser.roomEvent(v10, true));

    assertThat(a.redacts().value()).isEqualTo("$gone");
    assertThat(a.reason()).isEqualTo("spam");
    assertThat(b.redacts().value()).isEqualTo("$old");
  }

  @Test
  void memberEventWithAnInvalidTargetOrUnknownMembershipStaysAStateEvent() {
    assertThat(Events.typed(ROOM, member("@a:s", "not-a-user", "join", null))).isInstanceOf(StateEvent.class)
        .extracting(TimelineEvent::type).isEqualTo("m.room.member");
    assertThat(Events.typed(ROOM, member("@a:s", "@a:s", "vanish", null))).isInstanceOf(StateEvent.class);
  }

  @Test
  void aMessageWithoutBodyAndACustomEventAreGeneric() {
    ObjectNode custom = Json.mapper().createObjectNode().put("type", "org.example.ping").put("sender", "@a:s")
        .put("event_id", "$c").put("origin_server_ts", 5);
    custom.putObject("content").put("n", 1);
    ObjectNode bodiless = custom.deepCopy().put("type", "m.room.message");

    assertThat(Events.typed(ROOM, SyncParser.roomEvent(custom, true))).isInstanceOfSatisfying(GenericEvent.class,
        g -> assertThat(g.content().path("n").asInt()).isEqualTo(1));
    assertThat(Events.typed(ROOM, SyncParser.roomEvent(bodiless, true))).isInstanceOf(GenericEvent.class)
        .extracting(TimelineEvent::type).isEqualTo("m.room.message");
  }

  @Test
  void threadRootIsReadFromTheThreadRelation() {
    ObjectNode threaded = Json.mapper().createObjectNode().put("type", "m.room.message").put("sender", "@a:s")
        .put("event_id", "$t").put("origin_server_ts", 5);
    ObjectNode content = threaded.putObject("content").put("msgtype", "m.text").put("body", "!ping");
    content.putObject("m.relates_to").put("rel_type", "m.thread").put("event_id", "$root");
    ObjectNode plain = threaded.deepCopy();
    ((ObjectNode) plain.get("content")).remove("m.relates_to");

    assertThat(Events.typed(ROOM, SyncParser.roomEvent(threaded, true)).threadRoot()).isEqualTo(EventId.of("$root"));
    assertThat(Events.typed(ROOM, SyncParser.roomEvent(plain, true)).threadRoot()).isNull();
  }

  @Test
  void typingAndReceiptsAreTypedOnePerUserAndEvent() throws Exception {
    BasicEvent typing = new BasicEvent("m.typing", Json.mapper().readTree(
        "{\"user_ids\":[\"@a:s\",\"bad\",\"@b:s\"]}"), null);
    BasicEvent receipts = new BasicEvent("m.receipt", Json.mapper().readTree(
        "{\"$e1\":{\"m.read\":{\"@a:s\":{\"ts\":7},\"@b:s\":{\"ts\":8,\"thread_id\":\"main\"}}},"
            + "\"bad\":{\"m.read\":{\"@c:s\":{\"ts\":9}}}}"), null);

    assertThat(Events.ephemeral(ROOM, typing)).containsExactly(
        new TypingEvent(ROOM, List.of(UserId.of("@a:s"), UserId.of("@b:s"))));
    assertThat(Events.ephemeral(ROOM, receipts)).containsExactly(
        new ReceiptEvent(ROOM, UserId.of("@a:s"), EventId.of("$e1"), "m.read", Instant.ofEpochMilli(7), null),
        new ReceiptEvent(ROOM, UserId.of("@b:s"), EventId.of("$e1"), "m.read", Instant.ofEpochMilli(8), "main"));
  }
}

package dev.steward.bots.moderation.protection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.event.EditEvent;
import dev.steward.bot.event.GenericEvent;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.Membership;
import dev.steward.client.model.RoomEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

/** Typed events for detector tests, stamped by a clock the test moves. */
final class TestEvents {
  static final ObjectMapper JSON = new ObjectMapper();
  static final RoomId ROOM = RoomId.of("!room:test");
  static final RoomId OTHER_ROOM = RoomId.of("!other:test");
  static final UserId ALICE = UserId.of("@alice:test");
  static final UserId BOB = UserId.of("@bob:test");

  private static final AtomicInteger IDS = new AtomicInteger();

  final TestClock clock = new TestClock();

  /** A clock that stands still until moved. */
  static final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2026-12-05T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static EventId newId() {
    return EventId.of("$e" + IDS.incrementAndGet() + ":test");
  }

  MessageEvent text(RoomId room, UserId sender, String body) {
    return message(room, sender, "m.text", body, null, JSON.createObjectNode());
  }

  MessageEvent text(UserId sender, String body) {
    return text(ROOM, sender, body);
  }

  MessageEvent html(UserId sender, String body, String html) {
    return message(ROOM, sender, "m.text", body, html, JSON.createObjectNode());
  }

  /** A message whose content carries {@code extra} besides msgtype, body and formatted body. */
  MessageEvent message(RoomId room, UserId sender, String msgtype, String body, String html, ObjectNode extra) {
    ObjectNode content = extra.deepCopy().put("msgtype", msgtype).put("body", body);
    if (html != null) {
      content.put("format", "org.matrix.custom.html").put("formatted_body", html);
    }
    EventId id = newId();
    return new MessageEvent(room, sender, id, clock.instant(), msgtype, body, html, null,
        source("m.room.message", id, sender, content));
  }

  EditEvent edit(UserId sender, EventId original, String newBody) {
    ObjectNode content = JSON.createObjectNode().put("msgtype", "m.text").put("body", "* " + newBody);
    content.putObject("m.new_content").put("msgtype", "m.text").put("body", newBody);
    EventId id = newId();
    return new EditEvent(ROOM, sender, id, clock.instant(), original, newBody,
        source("m.room.message", id, sender, content));
  }

  GenericEvent sticker(UserId sender) {
    ObjectNode content = JSON.createObjectNode().put("body", "a sticker").put("url", "mxc://test/sticker");
    EventId id = newId();
    return new GenericEvent(ROOM, sender, id, clock.instant(), "m.sticker", content,
        source("m.sticker", id, sender, content));
  }

  MembershipEvent join(RoomId room, UserId user) {
    ObjectNode content = JSON.createObjectNode().put("membership", "join");
    EventId id = newId();
    return new MembershipEvent(room, user, id, clock.instant(), user, Membership.JOIN, Membership.LEAVE, null, null,
        source("m.room.member", id, user, content));
  }

  MembershipEvent join(UserId user) {
    return join(ROOM, user);
  }

  MembershipEvent profileChange(UserId user) {
    ObjectNode content = JSON.createObjectNode().put("membership", "join").put("displayname", "New name");
    EventId id = newId();
    return new MembershipEvent(ROOM, user, id, clock.instant(), user, Membership.JOIN, Membership.JOIN, null,
        "New name", source("m.room.member", id, user, content));
  }

  private RoomEvent source(String type, EventId id, UserId sender, ObjectNode content) {
    ObjectNode raw = JSON.createObjectNode().put("type", type).put("event_id", id.value())
        .put("sender", sender.value()).put("origin_server_ts", clock.millis());
    raw.set("content", content);
    return new RoomEvent(type, id, sender, clock.millis(), null, content, JSON.createObjectNode(), raw);
  }
}

package dev.steward.test;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;

/** Something the bot did on the fake homeserver, recorded in order for a test to assert on. */
public sealed interface Sent {
  /** The room it happened in. */
  RoomId room();

  /**
   * A message event the bot sent ({@code m.room.message} or any other non-reaction type).
   *
   * @param room the room
   * @param eventId the id the fake server gave it
   * @param type the event type
   * @param content the content as sent
   */
  record Message(RoomId room, EventId eventId, String type, JsonNode content) implements Sent {
    /** The plain-text body, or "" when there is none. */
    public String body() {
      return content.path("body").asText("");
    }

    /** The msgtype, e.g. {@code m.notice}; "" when there is none. */
    public String msgtype() {
      return content.path("msgtype").asText("");
    }

    /** The HTML body, or null. */
    public String html() {
      JsonNode n = content.get("formatted_body");
      return n == null ? null : n.asText();
    }

    /** The event this message replies to, or null when it is not a rich reply. */
    public EventId inReplyTo() {
      JsonNode n = content.path("m.relates_to").path("m.in_reply_to").get("event_id");
      return n == null ? null : EventId.of(n.asText());
    }

    /** The event this message edits ({@code m.replace}), or null. */
    public EventId replaces() {
      JsonNode rel = content.path("m.relates_to");
      return "m.replace".equals(rel.path("rel_type").asText()) ? EventId.of(rel.path("event_id").asText()) : null;
    }
  }

  /**
   * A reaction ({@code m.reaction}) the bot sent.
   *
   * @param room the room
   * @param eventId the reaction's id
   * @param target the event reacted to
   * @param key the key, usually an emoji
   */
  record Reaction(RoomId room, EventId eventId, EventId target, String key) implements Sent {}

  /**
   * A redaction the bot made.
   *
   * @param room the room
   * @param eventId the redaction's id
   * @param target the redacted event
   * @param reason the reason, or null
   */
  record Redaction(RoomId room, EventId eventId, EventId target, String reason) implements Sent {}

  /**
   * A membership action by the bot: joining or leaving a room, or inviting, kicking, banning, unbanning someone.
   *
   * @param room the room
   * @param action what the bot did
   * @param user who it was done to (the bot itself for join and leave)
   * @param reason the reason given, or null
   */
  record Membership(RoomId room, Action action, UserId user, String reason) implements Sent {}

  /**
   * A state event the bot set.
   *
   * @param room the room
   * @param eventId the state event's id
   * @param type the event type, e.g. {@code m.room.topic}
   * @param stateKey the state key ("" for most)
   * @param content the content as sent
   */
  record State(RoomId room, EventId eventId, String type, String stateKey, JsonNode content) implements Sent {}

  /** The membership actions a bot can take. */
  enum Action {
    /** The bot joined the room. */
    JOIN,
    /** The bot left the room. */
    LEAVE,
    /** The bot forgot the room it had left. */
    FORGET,
    /** The bot invited the user. */
    INVITE,
    /** The bot kicked the user. */
    KICK,
    /** The bot banned the user. */
    BAN,
    /** The bot lifted the user's ban. */
    UNBAN
  }
}

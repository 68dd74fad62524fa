package dev.steward.bot.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.UserId;
import dev.steward.client.model.RoomEvent;
import java.time.Instant;

/** An event of a room's timeline or state: it has a sender, an id, a time, and the room event it was read from. */
public sealed interface TimelineEvent extends BotEvent
    permits MessageEvent, EditEvent, ReactionEvent, RedactionEvent, MembershipEvent, StateEvent, GenericEvent {
  UserId sender();

  EventId eventId();

  Instant timestamp();

  /** The room event this was read from, or null for an event built without one (in a test, say). */
  RoomEvent source();

  /** The event type, e.g. {@code m.room.message}. */
  String type();

  /**
   * The event exactly as the homeserver sent it, or null without a {@link #source()}. Built from the event's bytes on
   * the first call: most handlers never need it, so it is not built for every event.
   */
  default JsonNode raw() {
    RoomEvent source = source();
    return source == null ? null : source.raw();
  }

  /**
   * Whether the event reached the bot encrypted (in an encrypted room) and was decrypted for its handlers; false
   * without a {@link #source()}. {@code source().encryption()} tells how (sender device, session, verified).
   */
  default boolean encrypted() {
    RoomEvent source = source();
    return source != null && source.encrypted();
  }

  /**
   * The root of the thread this event belongs to ({@code m.thread} relation), or null outside threads or without a
   * {@link #source()}. Replies sent through the handler's context stay in that thread.
   */
  default EventId threadRoot() {
    RoomEvent source = source();
    if (source == null) {
      return null;
    }
    JsonNode rel = source.content().path("m.relates_to");
    JsonNode root = rel.path("event_id");
    if (!"m.thread".equals(rel.path("rel_type").asText(null)) || !root.isTextual()) {
      return null;
    }
    try {
      return EventId.of(root.asText());
    } catch (IllegalArgumentException e) {
      return null; // a malformed relation: treat the event as outside any thread
    }
  }
}

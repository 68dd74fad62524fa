package dev.steward.bot.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.RoomEvent;
import java.time.Instant;

/** What every room event handed to a handler carries: room, sender, id, time, and the room event it was read from. */
public interface BotEvent {
  RoomId room();

  UserId sender();

  EventId eventId();

  Instant timestamp();

  /** The room event this was read from, or null for an event built without one (in a test, say). */
  RoomEvent source();

  /**
   * The event exactly as the homeserver sent it, or null without a {@link #source()}. Built from the event's bytes on
   * the first call: most handlers never need it, so it is not built for every event.
   */
  default JsonNode raw() {
    RoomEvent source = source();
    return source == null ? null : source.raw();
  }
}

package dev.steward.bot.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Instant;

/** What every room event handed to a handler carries: room, sender, id, time and the raw JSON. */
public interface BotEvent {
  RoomId room();

  UserId sender();

  EventId eventId();

  Instant timestamp();

  /** The event exactly as the homeserver sent it. */
  JsonNode raw();
}

package dev.steward.bot.event;

import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.RoomEvent;
import java.time.Instant;

/**
 * An {@code m.room.redaction}: someone removed an event's content.
 *
 * @param room the room
 * @param sender who redacted
 * @param eventId the redaction's id
 * @param timestamp when
 * @param redacts the event removed
 * @param reason the reason given, or null
 * @param source the room event this was read from, whose {@link RoomEvent#raw()} is the JSON as received
 */
public record RedactionEvent(RoomId room, UserId sender, EventId eventId, Instant timestamp, EventId redacts,
                             String reason, RoomEvent source) implements TimelineEvent {
  @Override
  public String type() {
    return "m.room.redaction";
  }
}

package dev.steward.bot.event;

import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.RoomEvent;
import java.time.Instant;

/**
 * An edit ({@code m.replace}) of an earlier message. Edits never run commands: a user could otherwise turn an old,
 * harmless message into a command that nobody sees arrive.
 *
 * @param room the room
 * @param sender who edited
 * @param eventId the edit event's id
 * @param timestamp when it arrived
 * @param original the message being edited
 * @param newBody the replacement body
 * @param source the room event this was read from, whose {@link RoomEvent#raw()} is the JSON as received
 */
public record EditEvent(RoomId room, UserId sender, EventId eventId, Instant timestamp, EventId original,
                        String newBody, RoomEvent source) implements TimelineEvent {
  @Override
  public String type() {
    return "m.room.message";
  }
}

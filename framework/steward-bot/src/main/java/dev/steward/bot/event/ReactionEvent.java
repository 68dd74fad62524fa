package dev.steward.bot.event;

import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.RoomEvent;
import java.time.Instant;

/**
 * An {@code m.reaction} annotation.
 *
 * @param room the room
 * @param sender who reacted
 * @param eventId the reaction's id
 * @param timestamp when
 * @param target the event reacted to
 * @param key the reaction key, usually an emoji
 * @param source the room event this was read from, whose {@link RoomEvent#raw()} is the JSON as received
 */
public record ReactionEvent(RoomId room, UserId sender, EventId eventId, Instant timestamp, EventId target,
                            String key, RoomEvent source) implements TimelineEvent {
  @Override
  public String type() {
    return "m.reaction";
  }
}

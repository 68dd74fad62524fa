package dev.steward.bot.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.RoomEvent;
import java.time.Instant;

/**
 * A change of room state other than membership (name, topic, power levels, join rules…).
 *
 * @param room the room
 * @param sender who changed it
 * @param eventId the event id
 * @param timestamp when
 * @param type the state type, e.g. {@code m.room.topic}
 * @param stateKey the state key
 * @param content the new content
 * @param previousContent the content before, when the server said, else an empty object
 * @param source the room event this was read from, whose {@link RoomEvent#raw()} is the JSON as received
 */
public record StateEvent(RoomId room, UserId sender, EventId eventId, Instant timestamp, String type,
                         String stateKey, JsonNode content, JsonNode previousContent, RoomEvent source)
    implements TimelineEvent {}

package dev.steward.bot.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
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
 * @param raw the event as received
 */
public record StateEvent(RoomId room, UserId sender, EventId eventId, Instant timestamp, String type,
                         String stateKey, JsonNode content, JsonNode previousContent, JsonNode raw)
    implements BotEvent {}

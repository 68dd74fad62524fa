package dev.steward.bot.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.RoomEvent;
import java.time.Instant;

/**
 * A timeline event of a type without a typed view of its own (custom types, {@code m.room.encrypted}, a message
 * missing its body…). {@code @OnEvent} handlers receive every event, typed or not.
 *
 * @param room the room
 * @param sender who sent it
 * @param eventId its id
 * @param timestamp when
 * @param type its type
 * @param content its content
 * @param source the room event this was read from
 */
public record GenericEvent(RoomId room, UserId sender, EventId eventId, Instant timestamp, String type,
                           JsonNode content, RoomEvent source) implements TimelineEvent {}

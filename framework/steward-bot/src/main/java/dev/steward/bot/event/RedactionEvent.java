package dev.steward.bot.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
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
 * @param raw the event as received
 */
public record RedactionEvent(RoomId room, UserId sender, EventId eventId, Instant timestamp, EventId redacts,
                             String reason, JsonNode raw) implements BotEvent {}

package dev.steward.bot.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
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
 * @param raw the event as received
 */
public record ReactionEvent(RoomId room, UserId sender, EventId eventId, Instant timestamp, EventId target,
                            String key, JsonNode raw) implements BotEvent {}

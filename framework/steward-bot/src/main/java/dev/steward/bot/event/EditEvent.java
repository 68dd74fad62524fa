package dev.steward.bot.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
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
 * @param raw the event as received
 */
public record EditEvent(RoomId room, UserId sender, EventId eventId, Instant timestamp, EventId original,
                        String newBody, JsonNode raw) implements BotEvent {}

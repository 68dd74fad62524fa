package dev.steward.bot.event;

import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Instant;

/**
 * One read receipt: a user has read up to an event ({@code m.receipt}, one per user, event and receipt type).
 *
 * @param room the room
 * @param user who read
 * @param eventId the event read up to
 * @param receiptType {@code m.read} or {@code m.read.private}
 * @param timestamp when, or null when the server did not say
 * @param threadId the thread the receipt is for ({@code main} or a root event id), or null for an unthreaded one
 */
public record ReceiptEvent(RoomId room, UserId user, EventId eventId, String receiptType, Instant timestamp,
                           String threadId) implements BotEvent {}

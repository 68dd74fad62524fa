package dev.steward.bot.event;

import dev.steward.client.RoomId;

/**
 * Everything the runtime hands to handlers: events of a room's timeline ({@link TimelineEvent}), the bot's invites,
 * and the ephemeral typing notices and read receipts. A handler parameter of one of these types receives it.
 */
public sealed interface BotEvent permits TimelineEvent, InviteEvent, TypingEvent, ReceiptEvent {
  /** The room it happened in. */
  RoomId room();
}

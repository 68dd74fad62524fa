package dev.steward.bot.internal.dispatch;

import dev.steward.bot.event.BotEvent;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.client.model.RoomEvent;

/**
 * Everything a handler parameter may be filled from for one call.
 *
 * @param context the handler's context (a {@code CommandContext} for commands)
 * @param event the typed event
 * @param arguments parsed command arguments by parameter index, or null for non-commands
 */
record Invocation(EventContext context, BotEvent event, Object[] arguments) {
  /** The room event the typed event was read from; null for invites, typing and receipts. */
  RoomEvent raw() {
    return event instanceof TimelineEvent t ? t.source() : null;
  }
}

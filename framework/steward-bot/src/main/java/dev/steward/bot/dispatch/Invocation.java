package dev.steward.bot.dispatch;

import dev.steward.bot.event.EventContext;
import dev.steward.client.model.RoomEvent;

/**
 * Everything a handler parameter may be filled from for one call.
 *
 * @param context the handler's context (a {@code CommandContext} for commands)
 * @param event the typed event (MessageEvent, InviteEvent…), or null
 * @param raw the raw room event, or null for invites
 * @param arguments parsed command arguments by parameter index, or null for non-commands
 */
record Invocation(EventContext context, Object event, RoomEvent raw, Object[] arguments) {}

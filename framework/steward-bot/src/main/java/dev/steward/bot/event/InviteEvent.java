package dev.steward.bot.event;

import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.StrippedStateEvent;
import java.util.List;

/**
 * An invitation of the bot into a room. Built from the stripped state the inviter's server shares, so it has no
 * event id.
 *
 * @param room the room
 * @param inviter who invited the bot
 * @param roomName the room's name when shared, or null
 * @param isDirect whether the inviter marked it as a direct chat
 * @param inviteState everything the invite shared
 */
public record InviteEvent(RoomId room, UserId inviter, String roomName, boolean isDirect,
                          List<StrippedStateEvent> inviteState) implements BotEvent {
  public InviteEvent {
    inviteState = List.copyOf(inviteState);
  }
}

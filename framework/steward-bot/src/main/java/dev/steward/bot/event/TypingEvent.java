package dev.steward.bot.event;

import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.List;
import java.util.Objects;

/**
 * Who is typing in a room now ({@code m.typing}); an empty list when everyone stopped.
 *
 * @param room the room
 * @param typing the users typing, as the homeserver listed them
 */
public record TypingEvent(RoomId room, List<UserId> typing) implements BotEvent {
  public TypingEvent {
    Objects.requireNonNull(room, "room");
    typing = List.copyOf(typing);
  }
}

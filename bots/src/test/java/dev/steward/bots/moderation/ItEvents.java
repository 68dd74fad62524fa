package dev.steward.bots.moderation;

import dev.steward.client.UserId;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import java.util.function.Predicate;

/** What the moderation ITs wait for in a second user's sync, and the public rooms they create. */
final class ItEvents {
  private ItEvents() {}

  /** A message from {@code bot} whose body contains {@code text}. */
  static Predicate<RoomEvent> from(UserId bot, String text) {
    return e -> e.type().equals("m.room.message") && bot.equals(e.sender())
        && e.contentText("body") != null && e.contentText("body").contains(text);
  }

  /** {@code user}'s membership becoming {@code membership}. */
  static Predicate<RoomEvent> membership(UserId user, String membership) {
    return e -> e.type().equals("m.room.member") && user.value().equals(e.stateKey())
        && membership.equals(e.content().path("membership").asText());
  }

  /** A public room named {@code name}. */
  static CreateRoomRequest.Builder publicRoom(String name) {
    return CreateRoomRequest.builder().name(name).preset(CreateRoomRequest.Preset.PUBLIC_CHAT);
  }
}

package dev.steward.bots.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a message calls a room: its name, else its main alias, else its id (the order clients use). */
public final class RoomNames {
  private static final Logger log = LoggerFactory.getLogger(RoomNames.class);

  private RoomNames() {}

  /** The room's name, else its main alias, else its id; the id also when its state cannot be read. */
  public static String of(MatrixClient client, RoomId room) {
    try {
      return text(client, room, "m.room.name", "name")
          // Read as text, not parsed: a malformed alias in the room's state must not cost the greeting.
          .or(() -> text(client, room, "m.room.canonical_alias", "alias"))
          .orElse(room.value());
    } catch (MatrixException e) {
      // A message that calls the room by its id beats none at all.
      log.warn("cannot read the name of {} ({}); using its id", room, e.getMessage());
      return room.value();
    }
  }

  private static Optional<String> text(MatrixClient client, RoomId room, String type, String field) {
    return client.rooms().state(room, type, "").map(c -> c.get(field)).filter(JsonNode::isTextual)
        .map(JsonNode::asText).filter(s -> !s.isBlank());
  }
}

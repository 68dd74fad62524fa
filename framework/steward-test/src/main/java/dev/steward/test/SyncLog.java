package dev.steward.test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.RoomId;
import java.util.List;

/** Turns the fake server's event log into {@code /sync} responses; the since token is a position in the log. */
final class SyncLog {
  private SyncLog() {}

  /** One event the bot's sync delivers; {@code invite} ones go under {@code rooms.invite}. */
  record Entry(RoomId room, ObjectNode event, boolean invite) {}

  /** The token for a position, e.g. {@code s12}. */
  static String token(long position) {
    return "s" + position;
  }

  /** The position a token names; 0 (the start) for none or one this server did not issue. */
  static long position(String token) {
    if (token == null || !token.matches("s\\d{1,18}")) {
      return 0;
    }
    return Long.parseLong(token.substring(1));
  }

  static ObjectNode response(List<Entry> log, long since) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    long end = log.size();
    root.put("next_batch", token(end));
    for (long i = Math.min(since, end); i < end; i++) {
      Entry e = log.get((int) i);
      ObjectNode rooms = root.withObject("rooms");
      if (e.invite()) {
        ObjectNode stripped = JsonNodeFactory.instance.objectNode();
        for (String field : List.of("type", "state_key", "sender", "content")) {
          stripped.set(field, e.event().get(field));
        }
        ((ArrayNode) rooms.withObject("invite").withObject(e.room().value()).withObject("invite_state")
            .withArray("events")).add(stripped);
      } else {
        ObjectNode room = rooms.withObject("join").withObject(e.room().value());
        room.withObject("state").withArray("events");
        room.withObject("timeline").withArray("events").add(e.event().deepCopy());
      }
    }
    return root;
  }
}

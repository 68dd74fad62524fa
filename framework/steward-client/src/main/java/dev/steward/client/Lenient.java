package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.SyncParser;
import dev.steward.client.model.RoomEvent;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Parses event arrays the way sync does: a malformed event is logged and left out, never failing the answer. */
final class Lenient {
  private static final Logger log = LoggerFactory.getLogger(Lenient.class);

  private Lenient() {}

  /** The well-formed events of {@code array} (none when it is not an array). */
  static List<RoomEvent> events(JsonNode array, boolean stateKeyOptional) {
    List<RoomEvent> out = new ArrayList<>();
    if (array == null || !array.isArray()) {
      return out;
    }
    for (JsonNode ev : array) {
      RoomEvent parsed = event(ev, stateKeyOptional);
      if (parsed != null) {
        out.add(parsed);
      }
    }
    return out;
  }

  /** One event, or null when it is malformed. */
  static RoomEvent event(JsonNode ev, boolean stateKeyOptional) {
    try {
      return SyncParser.roomEvent(ev, stateKeyOptional);
    } catch (RuntimeException e) {
      log.warn("skipped malformed event {}: {}", ev.path("event_id").asText("(no id)"), e.getMessage());
      return null;
    }
  }
}

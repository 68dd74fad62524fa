package dev.steward.client.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Who may read a room's history ({@code m.room.history_visibility}). */
public enum HistoryVisibility {
  INVITED, JOINED, SHARED, WORLD_READABLE;

  /** The value on the wire, e.g. {@code world_readable}. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The visibility with this wire value, or empty for one this client does not know. */
  public static Optional<HistoryVisibility> fromWire(String value) {
    for (HistoryVisibility v : values()) {
      if (v.wire().equals(value)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}

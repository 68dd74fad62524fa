package dev.steward.client.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Who may join a room ({@code m.room.join_rules}); restricted rules also name the rooms whose members may join. */
public enum JoinRule {
  PUBLIC, INVITE, KNOCK, RESTRICTED, KNOCK_RESTRICTED, PRIVATE;

  /** The value on the wire, e.g. {@code knock_restricted}. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The rule with this wire value, or empty for one this client does not know. */
  public static Optional<JoinRule> fromWire(String value) {
    for (JoinRule r : values()) {
      if (r.wire().equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}

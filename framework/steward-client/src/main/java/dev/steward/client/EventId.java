package dev.steward.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An event identifier, {@code $opaque} (room versions 3 and later) or {@code $opaque:server}.
 *
 * @param value the identifier, e.g. {@code $Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg}
 */
public record EventId(String value) {
  /** Validates the grammar; throws {@link IllegalArgumentException} that quotes a bad value. */
  public EventId {
    Ids.requireShape("event id", value, '$', false);
  }

  /** Parses and validates an identifier. */
  @JsonCreator
  public static EventId of(String value) {
    return new EventId(value);
  }

  @JsonValue
  @Override
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }
}

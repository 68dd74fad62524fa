package dev.steward.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A room identifier, {@code !opaque} or (room versions before 12) {@code !opaque:server}.
 *
 * @param value the identifier, e.g. {@code !abc123:example.org}
 */
public record RoomId(String value) {
  /** Validates the grammar; throws {@link IllegalArgumentException} that quotes a bad value. */
  public RoomId {
    Ids.requireShape("room id", value, '!', false);
  }

  /** Parses and validates an identifier. */
  @JsonCreator
  public static RoomId of(String value) {
    return new RoomId(value);
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

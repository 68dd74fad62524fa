package dev.steward.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A human-readable room alias, {@code #localpart:server}.
 *
 * @param value the identifier, e.g. {@code #lobby:example.org}
 */
public record RoomAlias(String value) {
  /** Validates the grammar; throws {@link IllegalArgumentException} that quotes a bad value. */
  public RoomAlias {
    Ids.requireShape("room alias", value, '#', true);
  }

  /** Parses and validates an identifier. */
  @JsonCreator
  public static RoomAlias of(String value) {
    return new RoomAlias(value);
  }

  /** The part between the sigil and the colon. */
  public String localpart() {
    return value.substring(1, value.indexOf(':'));
  }

  /** The homeserver that owns this identifier. */
  public ServerName server() {
    return ServerName.of(value.substring(value.indexOf(':') + 1));
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

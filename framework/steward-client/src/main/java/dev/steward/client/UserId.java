package dev.steward.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A Matrix user identifier, {@code @localpart:server}.
 *
 * @param value the identifier, e.g. {@code @alice:example.org}
 */
public record UserId(String value) {
  /** Validates the grammar; throws {@link IllegalArgumentException} that quotes a bad value. */
  public UserId {
    Ids.requireShape("user id", value, '@', true);
    // Historical user ids allow any printable ASCII but ':'; anything else is a look-alike or a typo.
    String local = value.substring(1, value.indexOf(':'));
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw Ids.invalid("user id", value, "localpart may only hold printable ASCII characters");
      }
    }
  }

  /** Parses and validates an identifier. */
  @JsonCreator
  public static UserId of(String value) {
    return new UserId(value);
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

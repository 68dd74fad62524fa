package dev.steward.client.model;

import java.util.Locale;

/** A membership state of {@code m.room.member}. */
public enum Membership {
  JOIN, INVITE, LEAVE, BAN, KNOCK;

  /** The wire name, e.g. {@code join}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; null for a value this enum does not know. */
  public static Membership of(String wire) {
    if (wire == null) {
      return null;
    }
    for (Membership m : values()) {
      if (m.wire().equals(wire)) {
        return m;
      }
    }
    return null;
  }
}

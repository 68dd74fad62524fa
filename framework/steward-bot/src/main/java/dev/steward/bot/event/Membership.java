package dev.steward.bot.event;

import java.util.Locale;

/** A membership state as the spec names it, plus {@link #NONE} for "no membership yet". */
public enum Membership {
  JOIN, LEAVE, INVITE, BAN, KNOCK, NONE;

  /** Parses a wire value; unknown or missing values are {@link #NONE}. */
  public static Membership of(String wire) {
    if (wire == null) {
      return NONE;
    }
    try {
      return valueOf(wire.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return NONE;
    }
  }
}

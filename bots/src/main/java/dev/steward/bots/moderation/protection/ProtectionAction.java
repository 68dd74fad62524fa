package dev.steward.bots.moderation.protection;

/**
 * What a protection does to the sender of an offending message, besides reporting it to the management room. Every
 * action but {@link #REPORT} also redacts the offending events.
 */
public enum ProtectionAction {
  /** Only report: nothing is redacted, nobody is touched; for trying a protection out. */
  REPORT,
  /** Redact the offending events and report them for review. */
  REDACT,
  /** Redact and warn the sender (warnings count towards the bot's {@code warn_limit}). */
  WARN,
  /** Redact and mute the sender in the room, for {@code protections.mute_for}. */
  MUTE,
  /** Redact and kick the sender from the room. */
  KICK,
  /** Redact and ban the sender from the room. */
  BAN;

  /** Whether this action redacts the offending events. */
  public boolean redacts() {
    return this != REPORT;
  }

  /** The action as written in the config. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

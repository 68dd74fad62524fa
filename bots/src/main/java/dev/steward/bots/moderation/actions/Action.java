package dev.steward.bots.moderation.actions;

/** What the bot does to a user in a room. */
public enum Action {
  BAN("ban", "banned"),
  UNBAN("unban", "unbanned"),
  KICK("kick", "kicked"),
  MUTE("mute", "muted"),
  UNMUTE("unmute", "unmuted"),
  REDACT("redact", "redacted messages of"),
  WARN("warn", "warned"),
  JOIN_RULE("join rule", "changed the join rule for");

  private final String verb;
  private final String past;

  Action(String verb, String past) {
    this.verb = verb;
    this.past = past;
  }

  /** The word a moderator would use, e.g. {@code ban}. */
  public String verb() {
    return verb;
  }

  /** The past tense for reports, e.g. {@code banned}. */
  public String past() {
    return past;
  }

  /** Whether the action harms its target, so the bot refuses it against itself and moderators. */
  public boolean againstTarget() {
    return this == BAN || this == KICK || this == MUTE || this == REDACT || this == WARN;
  }
}

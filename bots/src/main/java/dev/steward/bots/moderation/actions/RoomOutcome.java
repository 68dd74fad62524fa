package dev.steward.bots.moderation.actions;

import dev.steward.client.RoomId;
import java.util.Objects;

/**
 * How an action went in one room.
 *
 * @param room the room
 * @param status the outcome
 * @param detail why, for anything but {@link Status#DONE}: the homeserver's errcode and message for a failure
 */
public record RoomOutcome(RoomId room, Status status, String detail) {
  /** The outcomes. */
  public enum Status {
    /** The homeserver took it. */
    DONE,
    /** Nothing to do: already banned, not in the room, not muted by the bot. */
    UNCHANGED,
    /** The homeserver refused or failed; {@code detail} starts with its errcode. */
    FAILED,
    /** The bot would not: the target is the bot, a moderator, or at or above the bot's level. */
    REFUSED,
    /** A dry run: it would have been done. */
    DRY_RUN;

    /** The word in the audit log. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** Requires room and status. */
  public RoomOutcome {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
  }
}

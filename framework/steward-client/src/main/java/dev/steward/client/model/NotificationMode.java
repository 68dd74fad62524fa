package dev.steward.client.model;

/** How a user is notified about a room, kept in their push rules. */
public enum NotificationMode {
  /** Every message notifies, as the account's defaults say (no room-specific rule). */
  ALL,
  /** Only mentions and keywords notify (a {@code room} rule that does not notify). */
  MENTIONS_ONLY,
  /** Nothing notifies, not even mentions (an {@code override} rule for the room that does not notify). */
  MUTE
}

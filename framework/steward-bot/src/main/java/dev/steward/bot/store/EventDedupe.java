package dev.steward.bot.store;

/**
 * Remembers which events a bot has handled, so an event re-delivered after a restart or a retried sync is handled
 * once. Safe to call from several threads.
 */
public interface EventDedupe {
  /**
   * Records the event and tells whether this is the first time it was seen: true exactly once per event id, even
   * when several threads (or processes sharing the database) race on the same id.
   */
  boolean firstTime(String eventId);

  /** Forgets the event, so the next {@link #firstTime} is true again; for a handler that failed and must be retried. */
  void forget(String eventId);
}

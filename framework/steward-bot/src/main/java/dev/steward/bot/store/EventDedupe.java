package dev.steward.bot.store;

import java.util.Collection;
import java.util.List;

/**
 * Remembers which events a bot has handled, so an event re-delivered after a restart or a retried sync is handled
 * once. An event is first <em>claimed</em> (before its handlers run) and then marked <em>done</em> (after): a claim
 * keeps other threads and processes sharing the database off the event, and a claim this instance never finished
 * (it was killed mid-handler) is released when it starts again, so that handler runs again rather than being lost.
 * Safe to call from several threads.
 */
public interface EventDedupe {
  /**
   * Claims the events no one has claimed or handled before and returns them, in the order given. Exactly one
   * caller gets each id, even when several threads (or processes sharing the database) race on the same ids.
   */
  List<String> claim(Collection<String> eventIds);

  /** Marks claimed events as handled, so a restart will not release and run them again. */
  void done(Collection<String> eventIds);

  /**
   * Marks claimed events as handled, as {@link #done}, given as their ids joined by newlines (no newline at the end;
   * an empty text marks nothing): the dispatcher joins them while they are fresh in memory. A store that keeps ids
   * joined overrides this to write the text as is.
   */
  default void doneLines(String lines) {
    if (!lines.isEmpty()) {
      done(List.of(lines.split("\n")));
    }
  }

  /**
   * Releases the claims this instance made and never marked done (it stopped mid-handler): the next
   * {@link #claim} of those ids succeeds again. Call once at start, before claiming; returns how many were released.
   */
  int releaseUnfinished();

  /** Claims one event and marks it done at once; true only the first time the id is seen. */
  default boolean firstTime(String eventId) {
    boolean first = !claim(List.of(eventId)).isEmpty();
    if (first) {
      done(List.of(eventId));
    }
    return first;
  }

  /** Forgets the event, so the next {@link #claim} gets it again; for a handler that failed and must be retried. */
  void forget(String eventId);
}

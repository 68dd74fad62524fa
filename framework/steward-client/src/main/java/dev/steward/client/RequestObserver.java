package dev.steward.client;

import java.time.Duration;

/**
 * Hears about every request the client makes to the homeserver, for metrics. {@code endpoint} is the request path
 * with room, user, event ids and other values replaced by placeholders ({@code /client/rooms/{id}/send}), so it has a
 * bounded set of values and never carries an id. Called on the calling thread; keep it quick and never throw.
 */
public interface RequestObserver {
  /** Observes nothing. */
  RequestObserver NONE = new RequestObserver() {
    @Override
    public void answered(String method, String endpoint, int status, Duration took) {}
  };

  /**
   * One attempt ended: {@code status} is the HTTP status, or 0 when no answer came (connection refused or reset,
   * timeout). Every retry is an attempt of its own.
   */
  void answered(String method, String endpoint, int status, Duration took);

  /** The client is about to try {@code endpoint} again after a failure ({@code why}: a status or an exception). */
  default void retrying(String endpoint, String why) {}

  /** The homeserver said {@code M_LIMIT_EXCEEDED}; the client waits {@code wait} before trying again. */
  default void rateLimited(String endpoint, Duration wait) {}
}

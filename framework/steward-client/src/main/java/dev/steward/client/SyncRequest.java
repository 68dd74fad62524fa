package dev.steward.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Parameters of one {@code /sync} call.
 *
 * @param since the {@code next_batch} of the previous batch, or null for an initial sync
 * @param timeout how long the server may hold the request open waiting for events
 * @param filter a filter id from {@link MatrixClient#uploadFilter}, an inline JSON filter, or null
 * @param fullState whether to return the full state of every room even with {@code since}
 * @param setPresence {@code online}, {@code offline}, {@code unavailable}, or null to leave presence alone
 */
public record SyncRequest(String since, Duration timeout, String filter, boolean fullState, String setPresence) {
  public SyncRequest {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative");
    }
  }

  /** A request with the given {@code since} and timeout, no filter. */
  public static SyncRequest of(String since, Duration timeout) {
    return new SyncRequest(since, timeout, null, false, null);
  }

  /** The same request with another filter. */
  public SyncRequest withFilter(String filter) {
    return new SyncRequest(since, timeout, filter, fullState, setPresence);
  }
}

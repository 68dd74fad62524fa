package dev.steward.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client retries on its own: rate limits (429) for every request, and 5xx answers, timeouts and broken
 * connections for requests that are safe to repeat (GET, PUT with a transaction id, DELETE, and a few idempotent
 * POSTs). Backoff doubles from {@code initialBackoff} up to {@code maxBackoff}, with jitter.
 *
 * @param maxAttempts total attempts for a failing safe request (1 = never retry)
 * @param initialBackoff the first backoff delay
 * @param maxBackoff the largest backoff delay
 * @param maxRateLimitRetries how many 429 answers in a row the client waits out before giving up
 * @param maxRateLimitWait the longest single wait a 429 may ask for; a longer one fails at once with retryAfter set
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                          int maxRateLimitRetries, Duration maxRateLimitWait) {

  /** Sensible defaults for a bot: 5 attempts, 0.5 s to 30 s backoff, up to 10 rate-limit waits of at most 2 min. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30), 10, Duration.ofMinutes(2));

  /** No retries at all: every failure reaches the caller at once. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO);

  /** Waits between attempts; replaceable so tests can record the delays instead of sleeping through them. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits {@code delay}, or less if interrupted. */
    void sleep(Duration delay) throws InterruptedException;
  }

  /** Checks the bounds. */
  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRateLimitWait, "maxRateLimitWait");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (maxRateLimitRetries < 0) {
      throw new IllegalArgumentException("maxRateLimitRetries must not be negative, was " + maxRateLimitRetries);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
  }

  /**
   * The delay before retry number {@code retry} (1-based): exponential, capped, with "equal jitter" so that many
   * clients failing together do not come back together.
   */
  public Duration backoff(int retry, double random) {
    return equalJitter(initialBackoff, maxBackoff, retry, random);
  }

  /**
   * Attempt {@code n} (1-based) of a backoff that doubles from {@code initial} up to {@code max}: a delay between
   * half and all of that step, placed by {@code random} (0 to 1). Shared by request retries and the sync loop.
   */
  public static Duration equalJitter(Duration initial, Duration max, int n, double random) {
    long cap = max.toMillis();
    long exp = initial.toMillis() << Math.min(Math.max(n, 1) - 1, 30);
    long base = Math.min(cap, exp < 0 ? cap : exp);
    long half = base / 2;
    return Duration.ofMillis(half + (long) (random * (base - half)));
  }
}

package dev.steward.client.internal;

import java.time.Duration;

/**
 * Per-request transport options, carried as an OkHttp request tag.
 *
 * @param safeToRepeat whether a 5xx, timeout or broken connection may be retried (repeating it changes nothing)
 * @param readTimeout a read timeout for this call only (long-polls), or null for the client's default
 */
public record CallOptions(boolean safeToRepeat, Duration readTimeout) {
  public static final CallOptions SAFE = new CallOptions(true, null);
  public static final CallOptions UNSAFE = new CallOptions(false, null);
}

package dev.steward.bot.event;

import dev.steward.client.RoomId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Caps how many messages the bot sends into one room per time window, so two bots answering each other cannot
 * loop forever. A token bucket per room: {@code burst} sends at once, refilled at {@code perSecond}.
 */
public final class ReplyGuard {
  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<RoomId, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long last;

    Bucket(double tokens, long last) {
      this.tokens = tokens;
      this.last = last;
    }
  }

  public ReplyGuard(double perSecond, int burst, LongSupplier nanoClock) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("need perSecond > 0 and burst >= 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoClock = nanoClock;
  }

  /** Default: a burst of 20, then 2 per second per room. */
  public static ReplyGuard standard() {
    return new ReplyGuard(2, 20, System::nanoTime);
  }

  /** Takes a token for {@code room}; false when the room's budget is spent and the send should be dropped. */
  public boolean tryAcquire(RoomId room) {
    long now = nanoClock.getAsLong();
    Bucket b = buckets.computeIfAbsent(room, r -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * perSecond);
      b.last = now;
      if (b.tokens < 1) {
        return false;
      }
      b.tokens -= 1;
      return true;
    }
  }
}

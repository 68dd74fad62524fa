package dev.steward.bot.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.RoomId;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplyGuardTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ReplyGuard guard = new ReplyGuard(2, 3, now::get);
  private final RoomId a = RoomId.of("!a:localhost");
  private final RoomId b = RoomId.of("!b:localhost");

  @Test
  void allowsABurstThenRefusesUntilTokensRefill() {
    assertThat(guard.tryAcquire(a)).isTrue();
    assertThat(guard.tryAcquire(a)).isTrue();
    assertThat(guard.tryAcquire(a)).isTrue();
    assertThat(guard.tryAcquire(a)).as("burst of 3 spent").isFalse();

    now.addAndGet(500_000_000L); // half a second at 2 per second: one token back
    assertThat(guard.tryAcquire(a)).isTrue();
    assertThat(guard.tryAcquire(a)).isFalse();
  }

  @Test
  void roomsHaveSeparateBudgets() {
    for (int i = 0; i < 3; i++) {
      guard.tryAcquire(a);
    }
    assertThat(guard.tryAcquire(a)).isFalse();
    assertThat(guard.tryAcquire(b)).isTrue();
  }

  @Test
  void refillNeverExceedsTheBurst() {
    now.addAndGet(3_600_000_000_000L);
    int granted = 0;
    while (guard.tryAcquire(a)) {
      granted++;
    }
    assertThat(granted).isEqualTo(3);
  }
}

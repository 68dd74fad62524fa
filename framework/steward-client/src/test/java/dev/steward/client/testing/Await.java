package dev.steward.client.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls until something shows up; integration tests observe a real server, which answers in its own time. */
public final class Await {
  private Await() {}

  /** Calls {@code probe} until it returns a value, failing with {@code what} after {@code limit}. */
  public static <T> T until(Duration limit, String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Optional<T> found = probe.get();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not seen within " + limit.toSeconds() + " s: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      }
    }
  }
}

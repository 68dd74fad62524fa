package dev.steward.bot.runtime;

import dev.steward.client.MatrixException;
import dev.steward.client.SyncLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a bot syncing: when the homeserver rejects the access token and a password is configured, it logs in again
 * and starts a new sync loop, at most {@link #MAX_RELOGINS} times within {@link #RELOGIN_WINDOW} so that a
 * password that keeps failing, or a token that keeps being revoked, ends in a clear stop instead of a spin.
 */
final class SyncSupervisor {
  static final int MAX_RELOGINS = 3;
  static final Duration RELOGIN_WINDOW = Duration.ofMinutes(10);
  private static final Logger log = LoggerFactory.getLogger(SyncSupervisor.class);

  private final Supplier<SyncLoop> newLoop;
  private final Runnable relogin;
  private final Deque<Instant> relogins = new ArrayDeque<>();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile SyncLoop first;
  private volatile SyncLoop current;
  private volatile boolean stopping;
  private volatile Throwable failure;

  /** {@code relogin} is null when no password is configured: a rejected token then stops the bot. */
  SyncSupervisor(Supplier<SyncLoop> newLoop, Runnable relogin) {
    this.newLoop = newLoop;
    this.relogin = relogin;
  }

  void start() {
    first = newLoop.get();
    current = first;
    first.start();
    Thread t = new Thread(this::supervise, "steward-supervisor");
    t.setDaemon(true);
    t.start();
  }

  private void supervise() {
    try {
      while (true) {
        SyncLoop loop = current;
        while (!loop.awaitTermination(Duration.ofSeconds(1))) {
          // the loop runs; check again
        }
        if (stopping) {
          return;
        }
        Throwable f = loop.failure().orElse(null);
        if (!(f instanceof MatrixException m && m.isUnknownToken()) || relogin == null) {
          failure = f;
          return;
        }
        Instant now = Instant.now();
        while (!relogins.isEmpty() && relogins.peekFirst().isBefore(now.minus(RELOGIN_WINDOW))) {
          relogins.removeFirst();
        }
        if (relogins.size() >= MAX_RELOGINS) {
          failure = new IllegalStateException("the access token was rejected again after " + MAX_RELOGINS
              + " logins within " + RELOGIN_WINDOW.toMinutes() + " minutes; stopping (" + f.getMessage() + ")", f);
          log.error("{}", failure.getMessage());
          return;
        }
        relogins.addLast(now);
        log.warn("access token rejected ({}); logging in again with the configured password", m.errcode());
        try {
          relogin.run();
        } catch (RuntimeException e) {
          failure = e;
          log.error("logging in again failed; stopping: {}", e.getMessage());
          return;
        }
        SyncLoop next = newLoop.get();
        current = next;
        if (stopping) {
          return;
        }
        next.start();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      terminated.countDown();
    }
  }

  /** Waits for the first batch to be handled; returns false at once when supervision has ended without one. */
  boolean awaitFirstBatch(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!first.awaitFirstBatch(Duration.ofMillis(50))) {
      if (terminated.getCount() == 0 || System.nanoTime() >= deadline) {
        return first.awaitFirstBatch(Duration.ZERO);
      }
    }
    return true;
  }

  boolean awaitTermination(Duration wait) throws InterruptedException {
    return terminated.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Stops the current loop (finishing its batch) and the supervision. */
  void stop(Duration wait) throws InterruptedException {
    stopping = true;
    SyncLoop loop = current;
    if (loop != null) {
      loop.stop(wait);
    }
    terminated.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }
}

package dev.steward.bot.internal.dispatch;

import dev.steward.client.Reachability;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a handler through an outage of the homeserver. A handler (or a command's whole route) that fails only
 * because the homeserver could not be reached waits for it, sharing the client's {@link Reachability} with the sync
 * loop, and runs again when it answers: its sends go out under the same transaction ids as in the first run, so the
 * homeserver keeps one of each. The room's lane waits meanwhile; other rooms go on. Past the outage budget the event
 * is given up for now ({@link BudgetSpent}): it stays unfinished and its batch's token unsaved.
 */
final class OutageWait {
  private static final Logger log = LoggerFactory.getLogger(OutageWait.class);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

  private final Reachability reachability;
  private final Duration budget;
  private final AtomicInteger handlersWaiting = new AtomicInteger();
  private final AtomicInteger commandsWaiting = new AtomicInteger();

  /** An event's handler waited out the whole outage budget (or the bot stopped meanwhile): not done. */
  static final class BudgetSpent extends RuntimeException {
    BudgetSpent(String message, Throwable outage) {
      super(message, outage); // the outage as the cause: the sync loop then sees an outage, not a bug
    }
  }

  /** Work that may fail for its own reasons or because the homeserver is away. */
  @FunctionalInterface
  interface Work {
    void run() throws Throwable;
  }

  OutageWait(Reachability reachability, Duration budget) {
    this.reachability = Objects.requireNonNull(reachability, "reachability");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  /**
   * Runs {@code work}, again and again while it fails because the homeserver cannot be reached, for at most the
   * budget. Its own failures come out as they are.
   *
   * @param command whether the work is a command (counted apart in the log)
   * @param what the handler and event, for the log
   * @throws BudgetSpent when the homeserver stayed away for the whole budget, or the bot stopped while waiting
   */
  void run(Work work, boolean command, String what) throws Throwable {
    long deadline = 0;
    int attempts = 0;
    try {
      while (true) {
        try {
          work.run();
          return;
        } catch (Throwable t) {
          if (!Reachability.isOutage(t)) {
            throw t;
          }
          if (attempts++ == 0) {
            deadline = System.nanoTime() + budget.toNanos();
            handlersWaiting.incrementAndGet();
            if (command) {
              commandsWaiting.incrementAndGet();
            }
            log.debug("{} waits for the homeserver: {}", what, t.getMessage());
          }
          awaitHomeserver(deadline, attempts, t, what);
        }
      }
    } finally {
      if (attempts > 0) {
        handlersWaiting.decrementAndGet();
        if (command) {
          commandsWaiting.decrementAndGet();
        }
      }
    }
  }

  private void awaitHomeserver(long deadline, int attempts, Throwable outage, String what) {
    try {
      long left = deadline - System.nanoTime();
      if (left > 0 && reachability.awaitUp(Duration.ofNanos(left))) {
        // Answering again; a pause that grows keeps one request that keeps failing (one endpoint behind a broken
        // proxy, say) from spinning until the budget is spent.
        long pause = Math.min(MAX_PAUSE.toMillis(), FIRST_PAUSE.toMillis() << Math.min(attempts - 1, 5));
        Thread.sleep(Math.min(pause, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
        if (deadline - System.nanoTime() > 0) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BudgetSpent(what + ": stopped while waiting for the homeserver", outage);
    }
    log.warn("{}: the homeserver has not answered for {} (bot.outage_budget); {} commands and {} handlers in all "
        + "are waiting for it. The event stays unfinished and its sync token unsaved: it runs once the homeserver "
        + "is back, or after a restart", what, budget, commandsWaiting.get(), handlersWaiting.get());
    throw new BudgetSpent(what + ": the homeserver stayed unreachable for the outage budget " + budget, outage);
  }
}

package dev.steward.bots.housekeeping;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The way from silence to action, for a room (archive) or a member (prune): after {@code limit} of silence the
 * action is due, and a warning goes out {@code warnBefore} earlier. The action never comes sooner than
 * {@code warnBefore} after the warning, so a room the bot first looks at long after it fell silent is warned first
 * and acted on later, never both at once.
 *
 * @param last when the silence began (the last human message)
 * @param limit how long the silence may last
 * @param warnBefore how long before the action the warning goes out; zero: no warning
 */
record Countdown(Instant last, Duration limit, Duration warnBefore) {
  /** What is due now. */
  enum Step { NOTHING, WARN, ACT }

  /**
   * What is due and when the action will be.
   *
   * @param step what to do now
   * @param actAt when the action is (or was) due
   */
  record Plan(Step step, Instant actAt) {}

  Countdown {
    Objects.requireNonNull(last, "last");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(warnBefore, "warnBefore");
  }

  /** The step due at {@code now}, given when the warning for this silence went out, if it did. */
  Plan at(Instant now, Optional<Instant> warned) {
    Instant due = last.plus(limit);
    if (warnBefore.isZero()) {
      return new Plan(now.isBefore(due) ? Step.NOTHING : Step.ACT, due);
    }
    if (warned.isPresent()) {
      Instant actAt = latest(due, warned.get().plus(warnBefore));
      return new Plan(now.isBefore(actAt) ? Step.NOTHING : Step.ACT, actAt);
    }
    if (now.isBefore(due.minus(warnBefore))) {
      return new Plan(Step.NOTHING, due);
    }
    return new Plan(Step.WARN, latest(due, now.plus(warnBefore)));
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}

package dev.steward.bot.internal.dispatch;

import dev.steward.client.UserId;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the dispatcher behaves.
 *
 * @param self the bot's own user id: its events are never handled
 * @param threads how many rooms are handled in parallel
 * @param replyWhenRefused whether a refused command gets a short reply (else silence)
 * @param owners users allowed every command whatever their power level
 * @param skipHistoryOfFirstBatch whether the first batch's timeline (history from before a fresh start) is ignored
 * @param outageBudget how long a handler waits for an unreachable homeserver before its event is left unfinished
 */
public record DispatchSettings(UserId self, int threads, boolean replyWhenRefused, Set<UserId> owners,
                               boolean skipHistoryOfFirstBatch, Duration outageBudget) {
  /** Settings with the default outage budget of ten minutes. */
  public DispatchSettings(UserId self, int threads, boolean replyWhenRefused, Set<UserId> owners,
                          boolean skipHistoryOfFirstBatch) {
    this(self, threads, replyWhenRefused, owners, skipHistoryOfFirstBatch, Duration.ofMinutes(10));
  }

  public DispatchSettings {
    Objects.requireNonNull(self, "self");
    Objects.requireNonNull(outageBudget, "outageBudget");
    owners = Set.copyOf(owners);
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
  }
}

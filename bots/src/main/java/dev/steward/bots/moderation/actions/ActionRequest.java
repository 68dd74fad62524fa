package dev.steward.bots.moderation.actions;

import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * One action against one user in one or more rooms, as {@link ActionExecutor#act} takes it. Build it with
 * {@link #of} and the {@code with…} methods.
 *
 * @param action what to do
 * @param target whom to do it to
 * @param rooms where (largest first is the executor's business)
 * @param reason the reason shown to the target and in the audit log; may be empty
 * @param source who or what asked
 * @param duration for {@link Action#BAN} and {@link Action#MUTE}: undone by the scheduler after this; null for good
 * @param dryRun list what would happen, change nothing
 * @param quiet no notice to the management room (the caller reports, e.g. one summary for a glob)
 * @param key identifies the action for the audit log and for finishing it after a restart; null makes a fresh one
 */
public record ActionRequest(Action action, UserId target, List<RoomId> rooms, String reason, Source source,
                            Duration duration, boolean dryRun, boolean quiet, String key) {
  /** Requires action, target, rooms and source; copies the rooms. */
  public ActionRequest {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    rooms = List.copyOf(rooms);
    reason = reason == null ? "" : reason.strip();
    Objects.requireNonNull(source, "source");
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("duration must be positive, not " + duration);
    }
  }

  /** A request acting for good, for real, reported to the management room. */
  public static ActionRequest of(Action action, UserId target, Collection<RoomId> rooms, String reason,
                                 Source source) {
    return new ActionRequest(action, target, List.copyOf(rooms), reason, source, null, false, false, null);
  }

  /** The same request, undone after {@code d} (null: never). */
  public ActionRequest withDuration(Duration d) {
    return new ActionRequest(action, target, rooms, reason, source, d, dryRun, quiet, key);
  }

  /** The same request as a dry run when {@code dry}. */
  public ActionRequest withDryRun(boolean dry) {
    return new ActionRequest(action, target, rooms, reason, source, duration, dry, quiet, key);
  }

  /** The same request without its own management-room notice when {@code q}. */
  public ActionRequest withQuiet(boolean q) {
    return new ActionRequest(action, target, rooms, reason, source, duration, dryRun, q, key);
  }

  /** The same request under {@code k}, e.g. the id of the command's event, so a re-run finds the first run's plan. */
  public ActionRequest withKey(String k) {
    return new ActionRequest(action, target, rooms, reason, source, duration, dryRun, quiet, k);
  }

  /** The same request in other rooms. */
  public ActionRequest withRooms(Collection<RoomId> r) {
    return new ActionRequest(action, target, List.copyOf(r), reason, source, duration, dryRun, quiet, key);
  }
}

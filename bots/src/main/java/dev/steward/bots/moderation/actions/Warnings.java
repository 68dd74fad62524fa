package dev.steward.bots.moderation.actions;

import dev.steward.bot.store.KeyValueStore;
import dev.steward.bots.moderation.ModerationSettings.WarnAction;
import dev.steward.bots.moderation.audit.AuditEntry;
import dev.steward.bots.moderation.audit.AuditLog;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Clock;
import java.util.Collection;
import java.util.UUID;

/**
 * Warnings counted per user in the store, whoever gives them ({@code !warn} or a protection): each is audited, and
 * the one that reaches {@code warn_limit} applies {@code warn_action} and starts the count anew.
 */
public final class Warnings {
  private final KeyValueStore counts;
  private final AuditLog audit;
  private final ActionExecutor actions;
  private final int limit;
  private final WarnAction action;
  private final Clock clock;

  /** Counts in {@code counts}; {@code limit} 0 never acts. */
  public Warnings(KeyValueStore counts, AuditLog audit, ActionExecutor actions, int limit, WarnAction action,
                  Clock clock) {
    this.counts = counts;
    this.audit = audit;
    this.actions = actions;
    this.limit = limit;
    this.action = action;
    this.clock = clock;
  }

  /**
   * One warning and, when it was the last, what {@code warn_action} did.
   *
   * @param count this warning's number
   * @param limit {@code warn_limit} (0: none)
   * @param consequence the action taken on reaching the limit, or null
   */
  public record Warning(int count, int limit, ActionResult consequence) {
    /** {@code warning 2 of 3}, or {@code warning 2} without a limit. */
    public String counted() {
      return "warning " + count + (limit > 0 ? " of " + limit : "");
    }
  }

  /** The warning {@code target} would get next (without counting it), for telling them before it counts. */
  public synchronized Warning peek(UserId target) {
    return new Warning(counts.get(target.value()).map(Integer::parseInt).orElse(0) + 1, limit, null);
  }

  /**
   * Counts a warning to {@code target} given in {@code room} (null: everywhere) and, at the limit, applies
   * {@code warn_action} in {@code where}; {@code quiet} keeps that action's own management notice back.
   */
  public synchronized Warning warn(UserId target, RoomId room, Collection<RoomId> where, String reason,
                                   Source source, boolean quiet) {
    int count = counts.get(target.value()).map(Integer::parseInt).orElse(0) + 1;
    Warning w = new Warning(count, limit, null);
    audit.record(new AuditEntry(UUID.randomUUID().toString(), clock.instant(), source.stored(), Action.WARN.verb(),
        target.value(), room == null ? "" : room.value(), reason, "done", w.counted()));
    if (limit <= 0 || count < limit) {
      counts.put(target.value(), Integer.toString(count));
      return w;
    }
    counts.delete(target.value());
    Action a = switch (action) {
      case KICK -> Action.KICK;
      case MUTE -> Action.MUTE;
      case BAN -> Action.BAN;
    };
    ActionResult r = actions.act(ActionRequest.of(a, target, where, "reached " + limit + " warnings",
        Source.bot("warn_limit " + limit)).withQuiet(quiet));
    return new Warning(count, limit, r);
  }
}

package dev.steward.bots.housekeeping;

import dev.steward.bot.config.ConfigDefault;
import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigProblem;
import dev.steward.bot.config.Durations;
import dev.steward.client.RoomId;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.quartz.CronExpression;

/**
 * The {@code bots.housekeeping} section: when the housekeeping job runs, when a room counts as idle (with overrides
 * per room and per space, and rooms left alone), the warning before archiving, the admin room for reports and the
 * digest, idle member pruning, and leaving rooms the bot is alone in.
 *
 * @param schedule Quartz cron (with seconds) of the housekeeping job; default daily at 04:00
 * @param idleAfter a room with no human message for this long is archived
 * @param warnBefore the warning goes out this long before archiving; {@code 0s} archives without one
 * @param overrides room or space id to its own {@code idle_after} (a duration), or {@code never}; a room's own
 *     entry wins over its space's
 * @param exclude rooms never archived, pruned or left
 * @param dryRun true: the job only reports what it would do (to the admin room and the log) and changes nothing
 * @param adminRoom where reports, failures and the digest go; never archived
 * @param unarchiveOnModeratorMessage true: a moderator's message in an archived room unarchives it
 * @param historyPages when the store has no record of a room, read back at most this many pages (50 events each)
 *     of its history for the last human message
 * @param pruneRooms rooms whose silent members are kicked
 * @param pruneAfter a member of a prune room silent this long is kicked
 * @param pruneWarnBefore the mention warning goes out this long before the kick; {@code 0s}: no warning
 * @param pruneSpareLevel members at or above this power level are never pruned; empty: the room's kick level
 * @param pruneReason the reason given with the kick
 * @param digestSchedule Quartz cron of the digest to the admin room; empty: no digest
 * @param leaveEmptyAfter leave and forget a room the bot has been alone in for this long; empty: never
 */
public record HousekeepingSettings(@ConfigDefault("0 0 4 * * ?") String schedule,
                                   @ConfigDefault("30d") Duration idleAfter,
                                   @ConfigDefault("3d") Duration warnBefore,
                                   Map<String, String> overrides, List<RoomId> exclude,
                                   @ConfigDefault("false") boolean dryRun,
                                   Optional<RoomId> adminRoom,
                                   @ConfigDefault("false") boolean unarchiveOnModeratorMessage,
                                   @ConfigDefault("5") int historyPages,
                                   List<RoomId> pruneRooms,
                                   @ConfigDefault("90d") Duration pruneAfter,
                                   @ConfigDefault("7d") Duration pruneWarnBefore,
                                   Optional<Long> pruneSpareLevel,
                                   @ConfigDefault("Inactive for a long time") String pruneReason,
                                   @ConfigDefault("") String digestSchedule,
                                   Optional<Duration> leaveEmptyAfter) {
  /** The value of {@code overrides} that keeps a room from ever being archived. */
  public static final String NEVER = "never";

  /** Checks every key; the errors name {@code bots.housekeeping.<key>}. */
  public HousekeepingSettings {
    Objects.requireNonNull(schedule, "schedule");
    overrides = Map.copyOf(overrides);
    exclude = List.copyOf(exclude);
    pruneRooms = List.copyOf(pruneRooms);
    List<ConfigProblem> problems = new ArrayList<>();
    cron(schedule, "schedule", false, problems);
    cron(digestSchedule, "digest_schedule", true, problems);
    if (!digestSchedule.isBlank() && adminRoom.isEmpty()) {
      problems.add(new ConfigProblem("digest_schedule", "the digest goes to 'admin_room', which is not set"));
    }
    positive(idleAfter, "idle_after", problems);
    below(warnBefore, idleAfter, "warn_before", "idle_after", problems);
    for (Map.Entry<String, String> e : new TreeMap<>(overrides).entrySet()) {
      String key = "overrides." + e.getKey();
      try {
        RoomId.of(e.getKey());
      } catch (IllegalArgumentException bad) {
        problems.add(new ConfigProblem(key, "not a room or space id: " + bad.getMessage()));
      }
      parseOverride(e.getValue(), key, warnBefore, problems);
    }
    if (historyPages < 1 || historyPages > 100) {
      problems.add(new ConfigProblem("history_pages", "must be from 1 to 100, not " + historyPages));
    }
    positive(pruneAfter, "prune_after", problems);
    below(pruneWarnBefore, pruneAfter, "prune_warn_before", "prune_after", problems);
    pruneSpareLevel.filter(l -> l < 1).ifPresent(l -> problems.add(new ConfigProblem("prune_spare_level",
        "must be at least 1, or members at level 0 would be spared, not " + l)));
    if (pruneReason.isBlank()) {
      problems.add(new ConfigProblem("prune_reason", "must not be empty: the kicked member reads it"));
    }
    leaveEmptyAfter.ifPresent(d -> positive(d, "leave_empty_after", problems));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** How long {@code room} may be idle: its own override, else its space's, else {@code idle_after}; empty: never. */
  public Optional<Duration> idleAfter(RoomId room, List<RoomId> parentSpaces) {
    String own = overrides.get(room.value());
    if (own == null) {
      own = parentSpaces.stream().map(s -> overrides.get(s.value())).filter(Objects::nonNull).findFirst()
          .orElse(null);
    }
    if (own == null) {
      return Optional.of(idleAfter);
    }
    return own.trim().equalsIgnoreCase(NEVER) ? Optional.empty() : Optional.of(Durations.parse(own.trim()));
  }

  /** The override keys that are not the room itself: the spaces whose overrides may apply to a room. */
  public List<RoomId> overrideSpaces(RoomId room) {
    Map<String, String> sorted = new LinkedHashMap<>(new TreeMap<>(overrides));
    sorted.remove(room.value());
    return sorted.keySet().stream().map(RoomId::of).toList();
  }

  private static void parseOverride(String value, String key, Duration warnBefore, List<ConfigProblem> out) {
    if (value == null || value.trim().equalsIgnoreCase(NEVER)) {
      return;
    }
    try {
      Duration d = Durations.parse(value.trim());
      if (d.isNegative() || d.compareTo(warnBefore) <= 0) {
        out.add(new ConfigProblem(key, "must be longer than warn_before (" + Durations.format(warnBefore)
            + "), not " + value.trim()));
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      out.add(new ConfigProblem(key, "not a duration or 'never': " + e.getMessage()));
    }
  }

  private static void cron(String value, String key, boolean optional, List<ConfigProblem> out) {
    if (value.isBlank()) {
      if (!optional) {
        out.add(new ConfigProblem(key, "must be a Quartz cron expression, e.g. '0 0 4 * * ?'"));
      }
      return;
    }
    try {
      CronExpression.validateExpression(value.trim());
    } catch (ParseException e) {
      out.add(new ConfigProblem(key, "not a Quartz cron expression (with seconds, e.g. '0 0 4 * * ?'): "
          + e.getMessage()));
    }
  }

  private static void positive(Duration d, String key, List<ConfigProblem> out) {
    if (d.isNegative() || d.isZero()) {
      out.add(new ConfigProblem(key, "must be longer than zero, not " + Durations.format(d)));
    }
  }

  private static void below(Duration warn, Duration limit, String key, String limitKey, List<ConfigProblem> out) {
    if (warn.isNegative()) {
      out.add(new ConfigProblem(key, "must not be negative, not " + Durations.format(warn)));
    } else if (!limit.isNegative() && !limit.isZero() && warn.compareTo(limit) >= 0) {
      out.add(new ConfigProblem(key, Durations.format(warn) + " must be shorter than " + limitKey + " ("
          + Durations.format(limit) + ")"));
    }
  }
}

package dev.steward.bots.housekeeping;

import dev.steward.bot.config.Durations;
import dev.steward.bot.event.Html;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.Rooms;
import dev.steward.client.UserId;
import dev.steward.client.model.Member;
import dev.steward.client.model.PowerLevels;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kicks members of the {@code prune_rooms} who have been silent for {@code prune_after}, after a warning that
 * mentions them {@code prune_warn_before} earlier (once per silence). Never the bot, nor members at or above the
 * spare level (the room's kick level unless {@code prune_spare_level} says otherwise). A member's silence starts at
 * their last message or their join as the bot saw them, else when pruning first saw them.
 */
final class Pruner {
  private static final Logger log = LoggerFactory.getLogger(Pruner.class);

  /**
   * A member on the way out.
   *
   * @param member who
   * @param name their display name, or their id
   * @param last when their silence began
   * @param plan what is due and when the kick is
   */
  record Candidate(UserId member, String name, Instant last, Countdown.Plan plan) {}

  private final HousekeepingSettings settings;
  private final Activity activity;
  private final Ledger ledger;
  private final Clock clock;

  Pruner(HousekeepingSettings settings, Activity activity, Ledger ledger, Clock clock) {
    this.settings = settings;
    this.activity = activity;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** Whether {@code room} is pruned at all. */
  boolean prunes(RoomId room) {
    return settings.pruneRooms().contains(room) && !settings.exclude().contains(room);
  }

  /** One pass over every prune room the bot is in. */
  void run(MatrixClient client, Report report) {
    List<RoomId> joined = client.rooms().joined();
    for (RoomId room : settings.pruneRooms()) {
      if (!prunes(room) || !joined.contains(room)) {
        continue;
      }
      try {
        prune(client, room, settings.dryRun(), report);
      } catch (MatrixException e) {
        report.failed("check members for pruning", room, e);
      }
    }
  }

  /**
   * What one pass over a room did.
   *
   * @param warned members warned
   * @param kicked members kicked
   */
  record Outcome(int warned, int kicked) {}

  /** Warns and kicks in {@code room} what is due; with {@code dryRun} only reports it. */
  Outcome prune(MatrixClient client, RoomId room, boolean dryRun, Report report) {
    Instant now = clock.instant();
    int warned = 0;
    int kicked = 0;
    for (Candidate c : candidates(client, room, now)) {
      String subject = room.value() + " " + c.member().value();
      boolean due = !now.isBefore(c.last().plus(settings.pruneAfter()));
      if (dryRun) {
        if (due) {
          report.wouldDo("kick " + c.member() + " from " + room + ": silent since " + Notices.when(c.last()));
        } else if (c.plan().step() == Countdown.Step.WARN) {
          report.wouldDo("warn " + c.member() + " in " + room + ": silent since " + Notices.when(c.last()));
        }
        continue;
      }
      switch (c.plan().step()) {
        case WARN -> {
          warn(client, room, c, subject, now);
          warned++;
        }
        case ACT -> kicked += kick(client, room, c, subject, now, report) ? 1 : 0;
        case NOTHING -> { }
      }
    }
    return new Outcome(warned, kicked);
  }

  /** The members who could be pruned in {@code room}, soonest first; notes when it first saw each. */
  List<Candidate> candidates(MatrixClient client, RoomId room, Instant now) {
    Rooms rooms = client.rooms();
    PowerLevels levels = rooms.powerLevels(room);
    long spare = settings.pruneSpareLevel().orElse(levels.kick());
    List<Candidate> out = new ArrayList<>();
    for (Map.Entry<UserId, Member> m : rooms.joinedMembers(room).entrySet()) {
      UserId member = m.getKey();
      if (member.equals(client.userId()) || levels.userLevel(member) >= spare) {
        continue;
      }
      Optional<Instant> known = activity.member(room, member);
      if (known.isEmpty()) {
        activity.joined(room, member, now);
      }
      Instant last = known.orElse(now);
      Optional<Instant> warned = ledger.warned(room.value() + " " + member.value(), last);
      Countdown.Plan plan = new Countdown(last, settings.pruneAfter(), settings.pruneWarnBefore()).at(now, warned);
      String name = m.getValue().displayName() == null || m.getValue().displayName().isBlank() ? member.value()
          : m.getValue().displayName();
      out.add(new Candidate(member, name, last, plan));
    }
    out.sort(Comparator.comparing(c -> c.plan().actAt()));
    return out;
  }

  private void warn(MatrixClient client, RoomId room, Candidate c, String subject, Instant now) {
    String rest = ", you have not posted in this room since " + Notices.when(c.last()) + ". Members silent for "
        + Durations.format(settings.pruneAfter()) + " are removed; post anything before "
        + Notices.when(c.plan().actAt()) + " to stay.";
    Notices.send(client, room, "prune-warn " + c.member().value() + " " + c.last().toEpochMilli(),
        c.name() + rest, Html.pill(c.member(), c.name()) + Html.escape(rest));
    ledger.warn(subject, c.last(), now);
    log.info("housekeeping: warned {} in {} (silent since {}), kick due {}", c.member(), room, c.last(),
        c.plan().actAt());
  }

  private boolean kick(MatrixClient client, RoomId room, Candidate c, String subject, Instant now, Report report) {
    try {
      client.rooms().kick(room, c.member(), settings.pruneReason());
    } catch (MatrixException e) {
      report.failed("kick the silent member " + c.member(), room, e);
      return false;
    }
    activity.forget(room, c.member());
    ledger.clearWarning(subject);
    ledger.record(Ledger.Kind.PRUNED, room, c.member(), now);
    log.info("housekeeping: kicked {} from {} (silent since {})", c.member(), room, c.last());
    return true;
  }
}

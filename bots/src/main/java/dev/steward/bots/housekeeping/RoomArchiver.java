package dev.steward.bots.housekeeping;

import dev.steward.bot.config.Durations;
import dev.steward.bot.event.Html;
import dev.steward.bots.rooms.ParentSpaces;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives idle rooms: each run warns the rooms whose silence nears their limit (once per silence) and archives
 * (read-only, reversible: {@code client.moderation().archive}) those past it, with a notice saying why and how to
 * undo it. A room already archived is left as it is, whoever archived it.
 */
final class RoomArchiver {
  private static final Logger log = LoggerFactory.getLogger(RoomArchiver.class);

  /**
   * Where one room stands.
   *
   * @param room the room
   * @param last when a human last spoke there
   * @param limit how long it may be idle
   * @param plan what is due now and when the archive is
   * @param warned whether the warning for this silence went out
   */
  record Standing(RoomId room, Instant last, Duration limit, Countdown.Plan plan, boolean warned) {}

  private final HousekeepingSettings settings;
  private final Activity activity;
  private final Ledger ledger;
  private final Clock clock;

  RoomArchiver(HousekeepingSettings settings, Activity activity, Ledger ledger, Clock clock) {
    this.settings = settings;
    this.activity = activity;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** One pass over the joined rooms; what failed, or what a dry run would do, goes into {@code report}. */
  void run(MatrixClient client, Report report) {
    Instant now = clock.instant();
    finishArchives(client, report);
    for (RoomId room : client.rooms().joined()) {
      try {
        Optional<Standing> s = standing(client, room, now);
        if (s.isPresent()) {
          act(client, s.get(), now, report);
        }
      } catch (MatrixException e) {
        report.failed("check for idleness", room, e);
      }
    }
  }

  /** The rooms on their way to being archived, soonest first; the rooms that could not be checked go in the report. */
  List<Standing> upcoming(MatrixClient client, Report report) {
    Instant now = clock.instant();
    List<Standing> out = new ArrayList<>();
    for (RoomId room : client.rooms().joined()) {
      try {
        standing(client, room, now).ifPresent(out::add);
      } catch (MatrixException e) {
        report.failed("check for idleness", room, e);
      }
    }
    out.sort(Comparator.comparing(s -> s.plan().actAt()));
    return out;
  }

  /**
   * Restores {@code room} exactly as it was before the archive and counts its silence from now; false when it was
   * not archived.
   */
  boolean unarchive(MatrixClient client, RoomId room, UserId by) {
    if (!client.moderation().unarchive(room)) {
      return false;
    }
    Instant now = clock.instant();
    activity.reset(room, now);
    ledger.clearWarning(room.value());
    ledger.record(Ledger.Kind.UNARCHIVED, room, null, now);
    log.info("housekeeping: {} unarchived by {}", room, by);
    return true;
  }

  /** Whether housekeeping leaves {@code room} alone altogether: excluded, or the admin room. */
  boolean excluded(RoomId room) {
    return settings.exclude().contains(room) || settings.adminRoom().filter(room::equals).isPresent();
  }

  /** Where {@code room} stands; empty when it is never archived (excluded, {@code never}) or already archived. */
  private Optional<Standing> standing(MatrixClient client, RoomId room, Instant now) {
    if (excluded(room)) {
      return Optional.empty();
    }
    Optional<Duration> limit = settings.idleAfter(room, spacesOf(client, room));
    if (limit.isEmpty() || client.moderation().isArchived(room)) {
      return Optional.empty();
    }
    Instant last = activity.lastHuman(client, room);
    Optional<Instant> warned = ledger.warned(room.value(), last);
    // A dry run warns no one, so its archive is due when the silence reaches the limit, with no wait for a warning.
    Countdown.Plan plan = settings.dryRun() ? new Countdown(last, limit.get(), Duration.ZERO).at(now, warned)
        : new Countdown(last, limit.get(), settings.warnBefore()).at(now, warned);
    return Optional.of(new Standing(room, last, limit.get(), plan, warned.isPresent()));
  }

  private List<RoomId> spacesOf(MatrixClient client, RoomId room) {
    List<RoomId> candidates = settings.overrideSpaces(room);
    return candidates.isEmpty() || settings.overrides().containsKey(room.value()) ? List.of()
        : ParentSpaces.of(client, room, candidates);
  }

  private void act(MatrixClient client, Standing s, Instant now, Report report) {
    RoomId room = s.room();
    String idle = Durations.format(s.limit());
    if (settings.dryRun()) {
      if (s.plan().step() == Countdown.Step.ACT) {
        report.wouldDo("archive " + room + ": no human message since " + Notices.when(s.last()));
      } else if (!now.isBefore(s.plan().actAt().minus(settings.warnBefore()))) {
        report.wouldDo("warn " + room + ": no human message since " + Notices.when(s.last()) + ", archive due "
            + Notices.when(s.plan().actAt()));
      }
      return;
    }
    switch (s.plan().step()) {
      case WARN -> {
        String text = "This room has had no messages for a while. If no one posts here, it will be archived "
            + "(made read-only) at " + Notices.when(s.plan().actAt()) + ", after " + idle + " without messages.";
        Notices.send(client, room, "warn " + s.last().toEpochMilli(), text, null);
        ledger.warn(room.value(), s.last(), now);
        log.info("housekeeping: warned {} (idle since {}), archive due {}", room, s.last(), s.plan().actAt());
      }
      case ACT -> archive(client, s, idle, now, report);
      case NOTHING -> { }
    }
  }

  private void archive(MatrixClient client, Standing s, String idle, Instant now, Report report) {
    RoomId room = s.room();
    ledger.archiving(room, s.last());
    try {
      // archive() reads the room's state first and does nothing to a room already archived.
      if (!client.moderation().archive(room)) {
        log.info("housekeeping: {} is archived already", room);
        ledger.archivingDone(room);
        return;
      }
    } catch (MatrixException e) {
      ledger.archivingDone(room);
      report.failed("archive the idle room", room, e);
      return;
    }
    ledger.record(Ledger.Kind.ARCHIVED, room, null, now);
    ledger.clearWarning(room.value());
    log.info("housekeeping: archived {} (no human message since {})", room, s.last());
    notice(client, room, s.last(), idle, report);
  }

  /**
   * Posts the notices of archives a bot that died midway began: for a room that is archived now, under the same
   * transaction id as the first attempt, so it shows once whether or not that one went out.
   */
  private void finishArchives(MatrixClient client, Report report) {
    ledger.unfinishedArchives().forEach((room, last) -> {
      try {
        if (client.moderation().isArchived(room)) {
          Duration limit = settings.idleAfter(room, spacesOf(client, room)).orElse(settings.idleAfter());
          notice(client, room, last, Durations.format(limit), report);
        } else {
          ledger.archivingDone(room);
        }
      } catch (RoomException e) {
        if (e.reason() == RoomException.Reason.NOT_FOUND) {
          ledger.archivingDone(room); // the bot is no longer in the room: there is no one to tell
        } else {
          report.failed("finish the archive begun before", room, e);
        }
      } catch (MatrixException e) {
        report.failed("finish the archive begun before", room, e);
      }
    });
  }

  private void notice(MatrixClient client, RoomId room, Instant last, String idle, Report report) {
    String plain = "This room was archived: no one posted here for " + idle + ". It is read-only now. A moderator "
        + "can undo this with !unarchive here, or !unarchive " + room + " from another room.";
    String html = "This room was archived: no one posted here for " + idle + ". It is read-only now. A moderator "
        + "can undo this with <code>!unarchive</code> here, or <code>!unarchive " + Html.escape(room.value())
        + "</code> from another room.";
    try {
      Notices.send(client, room, "archived " + last.toEpochMilli(), plain, html);
      ledger.archivingDone(room);
    } catch (MatrixException e) {
      // The record stays: the next run tries again, under the same transaction id.
      report.failed("post the archive notice", room, e);
    }
  }
}

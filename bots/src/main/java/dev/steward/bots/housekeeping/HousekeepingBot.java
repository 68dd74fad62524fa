package dev.steward.bots.housekeeping;

import dev.steward.bot.annotation.Arg;
import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnEvent;
import dev.steward.bot.annotation.OnJoin;
import dev.steward.bot.annotation.OnLeave;
import dev.steward.bot.annotation.Scheduled;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.command.RoomRef;
import dev.steward.bot.config.Durations;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.bot.store.StewardStore;
import dev.steward.bots.rooms.RoomNames;
import dev.steward.client.MatrixClient;
import dev.steward.client.Moderation;
import dev.steward.client.RoomId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room housekeeping on a Quartz schedule ({@code bots.housekeeping.schedule}): archives rooms idle for
 * {@code idle_after} after a warning ({@link RoomArchiver}), kicks silent members of {@code prune_rooms}
 * ({@link Pruner}), leaves rooms it has been alone in ({@link EmptyRooms}), and sends a digest to the admin room
 * ({@link Digest}). Human messages seen in sync are the activity it counts ({@link Activity}); what it did is kept
 * in the store ({@link Ledger}), so restarts and missed runs neither repeat nor skip anything.
 */
@Bot(value = "housekeeping", settings = HousekeepingSettings.class)
public class HousekeepingBot {
  private static final Logger log = LoggerFactory.getLogger(HousekeepingBot.class);

  private final HousekeepingSettings settings;
  private final Activity activity;
  private final Ledger ledger;
  private final RoomArchiver archiver;
  private final Pruner pruner;
  private final EmptyRooms emptyRooms;
  private final Digest digest;
  private final Clock clock = Clock.systemUTC();

  /** Takes {@code bots.housekeeping} (bound and checked by the runtime) and the store for its records. */
  public HousekeepingBot(HousekeepingSettings settings, StewardStore store) {
    this.settings = settings;
    this.activity = new Activity(store.state(Activity.NAMESPACE), settings.historyPages());
    boolean digests = !settings.digestSchedule().isBlank();
    // Without a digest nothing reads the happenings, so they are not kept.
    this.ledger = new Ledger(store.state(Ledger.NAMESPACE), digests);
    this.archiver = new RoomArchiver(settings, activity, ledger, clock);
    this.pruner = new Pruner(settings, activity, ledger, clock);
    this.emptyRooms = settings.leaveEmptyAfter()
        .map(after -> new EmptyRooms(after, archiver, ledger, clock, settings.dryRun())).orElse(null);
    // Settings require admin_room along with digest_schedule.
    this.digest = digests ? new Digest(settings.adminRoom().orElseThrow(), ledger, clock) : null;
    log.info("housekeeping: {}archiving rooms idle for {} (warning {} before) on '{}'{}{}{}",
        settings.dryRun() ? "DRY RUN, only reporting: " : "", Durations.format(settings.idleAfter()),
        Durations.format(settings.warnBefore()), settings.schedule(),
        settings.pruneRooms().isEmpty() ? "" : "; pruning members silent for "
            + Durations.format(settings.pruneAfter()) + " in " + settings.pruneRooms(),
        settings.leaveEmptyAfter().map(d -> "; leaving rooms empty for " + Durations.format(d)).orElse(""),
        settings.digestSchedule().isBlank() ? "" : "; digest on '" + settings.digestSchedule() + "'");
  }

  /** Every human message is activity: for its room, and for its sender in that room. */
  @OnEvent("m.room.message")
  void onMessage(TimelineEvent event, EventContext ctx) {
    String msgtype = event instanceof MessageEvent m ? m.msgtype()
        : event.source() == null ? null : event.source().content().path("msgtype").asText(null);
    if (!Activity.isHuman(msgtype)) {
      return;
    }
    RoomId room = ctx.room();
    activity.message(room, event.sender(), event.timestamp());
    ledger.countMessage(room);
    if (settings.unarchiveOnModeratorMessage() && !archiver.excluded(room)
        && ctx.client().moderation().isArchived(room)
        && ctx.rooms().powerLevels(room).userLevel(event.sender()) >= Moderation.MODERATOR
        && archiver.unarchive(ctx.client(), room, event.sender())) {
      ctx.send("Unarchived: " + event.sender() + " posted here, so everyone can post again.");
    }
  }

  @OnJoin
  void onJoin(MembershipEvent join) {
    if (pruner.prunes(join.room())) {
      activity.joined(join.room(), join.target(), join.timestamp());
    }
    ledger.record(Ledger.Kind.JOINED, join.room(), join.target(), join.timestamp());
  }

  @OnLeave
  void onLeave(MembershipEvent leave) {
    if (pruner.prunes(leave.room())) {
      activity.forget(leave.room(), leave.target());
      ledger.clearWarning(leave.room().value() + " " + leave.target().value());
    }
  }

  /** The housekeeping job: archive idle rooms, prune silent members, leave empty rooms; report what failed. */
  @Scheduled(cron = "${bots.housekeeping.schedule}")
  void housekeeping(MatrixClient client) {
    Report report = new Report(settings.dryRun() ? "Housekeeping dry run" : "Housekeeping problems");
    archiver.run(client, report);
    pruner.run(client, report);
    if (emptyRooms != null) {
      emptyRooms.run(client, report);
    }
    report.send(client, settings.adminRoom());
  }

  /** The digest to the admin room; not scheduled while {@code digest_schedule} is empty. */
  @Scheduled(cron = "${bots.housekeeping.digest_schedule}")
  void digest(MatrixClient client) {
    // Only scheduled with a digest_schedule, and so with a digest.
    digest.send(client);
  }

  @Command(value = "!unarchive", help = "Unarchive a room archived for idleness (room moderators): here, or name "
      + "the room")
  void unarchive(CommandContext ctx, Optional<RoomRef> room) {
    RoomId target = room.map(r -> r instanceof RoomRef.Id id ? id.id()
        : ctx.rooms().resolve(((RoomRef.Alias) r).alias())).orElse(ctx.room());
    long level = ctx.rooms().powerLevels(target).userLevel(ctx.sender());
    if (level < Moderation.MODERATOR) {
      ctx.reply("Only moderators of " + target + " (power level " + Moderation.MODERATOR + ") may unarchive it; "
          + "you have " + level + ".");
      return;
    }
    if (!archiver.unarchive(ctx.client(), target, ctx.sender())) {
      ctx.reply(target + " is not archived.");
      return;
    }
    String notice = "Unarchived by " + ctx.sender() + ": everyone can post here again.";
    if (target.equals(ctx.room())) {
      ctx.send(notice);
    } else {
      ctx.client().messages().notice(target, notice);
      ctx.react("\u2705");
    }
  }

  @Command(value = "!idle", minPowerLevel = 50, help = "List the rooms to be archived next for idleness, and when")
  void idle(CommandContext ctx, @Arg(optional = true, defaultValue = "10") int count) {
    if (count < 1) {
      ctx.reply("The count must be at least 1. Usage: " + ctx.usage());
      return;
    }
    Report problems = new Report("!idle");
    List<RoomArchiver.Standing> upcoming = archiver.upcoming(ctx.client(), problems);
    String failed = problems.lines().isEmpty() ? "" : "\n" + String.join("\n", problems.lines());
    if (upcoming.isEmpty()) {
      ctx.reply("No room is on its way to being archived." + failed);
      return;
    }
    Instant now = clock.instant();
    StringBuilder out = new StringBuilder(settings.dryRun() ? "Dry run, nothing is archived; due next:"
        : "Rooms to be archived next:");
    for (RoomArchiver.Standing s : upcoming.subList(0, Math.min(count, upcoming.size()))) {
      Duration left = Duration.between(now, s.plan().actAt());
      out.append("\n- ").append(RoomNames.of(ctx.client(), s.room())).append(" (").append(s.room()).append("): ")
          .append(left.compareTo(Duration.ofSeconds(1)) < 0 ? "due now"
              : "at " + Notices.when(s.plan().actAt()) + ", in " + Durations.format(roughly(left)))
          .append(s.warned() ? ", warned" : "");
    }
    if (upcoming.size() > count) {
      out.append("\n(").append(upcoming.size() - count).append(" more)");
    }
    ctx.reply(out.append(failed).toString());
  }

  /** A time left, as precise as it is worth: whole hours from a day on, whole minutes from an hour on. */
  private static Duration roughly(Duration left) {
    ChronoUnit unit = left.toDays() > 0 ? ChronoUnit.HOURS : left.toHours() > 0 ? ChronoUnit.MINUTES
        : ChronoUnit.SECONDS;
    return left.truncatedTo(unit);
  }

  @Command(value = "!prune", minPowerLevel = 50, help = "Warn and kick the members silent too long in this room "
      + "now; --dry-run only lists them")
  void prune(CommandContext ctx, Optional<String> option) {
    boolean dryRun = option.isPresent();
    if (dryRun && !option.get().equals("--dry-run")) {
      ctx.reply("Unknown option '" + option.get() + "'; the one option is --dry-run. Usage: " + ctx.usage());
      return;
    }
    if (!pruner.prunes(ctx.room())) {
      ctx.reply("This room is not pruned: it is not in bots.housekeeping.prune_rooms.");
      return;
    }
    if (dryRun) {
      Instant now = clock.instant();
      List<Pruner.Candidate> due = pruner.candidates(ctx.client(), ctx.room(), now).stream()
          .filter(c -> !now.isBefore(c.last().plus(settings.pruneAfter()))).toList();
      ctx.reply(due.isEmpty() ? "No one would be pruned now." : "Would be pruned (silent past "
          + Durations.format(settings.pruneAfter()) + "): " + String.join(", ", due.stream().map(c -> c.name() + " ("
          + c.member() + ", silent since " + Notices.when(c.last()) + (c.plan().step() == Countdown.Step.ACT ? ""
          : ", after the warning") + ")").toList()));
      return;
    }
    Report report = new Report("Pruning problems");
    Pruner.Outcome done = pruner.prune(ctx.client(), ctx.room(), settings.dryRun(), report);
    List<String> lines = new ArrayList<>(report.lines());
    lines.add(0, settings.dryRun() ? "Dry run (bots.housekeeping.dry_run), no one was warned or kicked."
        : "Warned " + done.warned() + " and kicked " + done.kicked() + " silent members.");
    ctx.reply(String.join("\n", lines));
  }
}

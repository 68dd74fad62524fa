package dev.steward.bot.internal.ops;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.steward.bot.config.Durations;
import dev.steward.bot.ops.StatusSection;
import dev.steward.bot.ops.StatusTable;
import dev.steward.bot.schedule.ScheduledJob;
import dev.steward.bot.store.CommandLog;
import dev.steward.client.RoomId;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page: the bots, the rooms joined, recent commands, the bots' own sections (e.g. moderation actions),
 * the scheduled jobs with their next run, and the last errors. Server-rendered from a Mustache template that escapes
 * every value; no message bodies (commands are listed without their arguments) and no secrets.
 */
public final class StatusPage {
  private static final Logger log = LoggerFactory.getLogger(StatusPage.class);
  static final int ROWS = 25;
  static final int ROOMS_LISTED = 100;
  /** The one homeserver call of a view (the joined rooms) waits this long, so the endpoint never hangs on it. */
  private static final Duration ROOMS_WAIT = Duration.ofSeconds(2);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final Mustache TEMPLATE = new DefaultMustacheFactory("dev/steward/bot/internal/ops")
      .compile("status.mustache");

  /** What the page shows, read on each view; the bots as {@code name → class}. */
  public record Sources(String account, String homeserver, Map<String, String> bots,
                        Supplier<List<RoomId>> joinedRooms, IntFunction<List<ScheduledJob>> jobs,
                        IntSupplier jobCount, Supplier<List<StatusSection>> sections) {
    /** Requires every source. */
    public Sources {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(homeserver, "homeserver");
      bots = Map.copyOf(bots);
      Objects.requireNonNull(joinedRooms, "joinedRooms");
      Objects.requireNonNull(jobs, "jobs");
      Objects.requireNonNull(jobCount, "jobCount");
      Objects.requireNonNull(sections, "sections");
    }
  }

  private final Sources sources;
  private final StatusFeed feed;
  private final LongSupplier clockMillis;
  private final BooleanSupplier ready;
  /** The last joined-rooms answer, shown (marked as such) when the homeserver does not answer in time. */
  private volatile List<RoomId> lastRooms = List.of();
  private final Object roomsLock = new Object();
  /** The joined-rooms call under way or last made (guarded by roomsLock). */
  private CompletableFuture<List<RoomId>> roomsCall;

  StatusPage(Sources sources, StatusFeed feed, LongSupplier clockMillis, BooleanSupplier ready) {
    this.sources = sources;
    this.feed = feed;
    this.clockMillis = clockMillis;
    this.ready = ready;
  }

  /** The page for {@code metrics}' feed. */
  public static StatusPage of(Sources sources, StewardMetrics metrics, LongSupplier clockMillis,
                              BooleanSupplier ready) {
    return new StatusPage(sources, metrics.feed(), clockMillis, ready);
  }

  /**
   * The joined-rooms call: the one still under way, or a new one on a thread of its own, so that a call the
   * homeserver leaves hanging ends by the client's timeout, off the ops server's threads, and views during an outage
   * share it instead of each starting another.
   */
  private CompletableFuture<List<RoomId>> joinedRoomsCall() {
    synchronized (roomsLock) {
      if (roomsCall == null || roomsCall.isDone()) {
        roomsCall = CompletableFuture.supplyAsync(sources.joinedRooms(), r -> {
          Thread t = new Thread(r, "steward-status-rooms");
          t.setDaemon(true);
          t.start();
        });
      }
      return roomsCall;
    }
  }

  /** The page as HTML. */
  String render() {
    Instant now = Instant.ofEpochMilli(clockMillis.getAsLong());
    List<Map<String, Object>> tables = new ArrayList<>();
    String roomsNote = "";
    List<RoomId> rooms;
    try {
      rooms = joinedRoomsCall().get(ROOMS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      lastRooms = rooms;
    } catch (TimeoutException | ExecutionException e) {
      rooms = lastRooms;
      roomsNote = " (the homeserver did not answer: "
          + (e instanceof TimeoutException ? "no answer in " + Durations.format(ROOMS_WAIT)
              : StatusFeed.describe(e.getCause())) + "; as last seen)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rooms = lastRooms;
    }
    List<Map<String, Object>> summary = new ArrayList<>();
    summary.add(item(sources.bots().size(), "bots"));
    summary.add(item(rooms.size(), "rooms joined"));
    List<CommandLog.Entry> commands = commands();
    List<ScheduledJob> jobs = safely("scheduled jobs", () -> sources.jobs().apply(ROWS), List.of());
    int jobCount = safely("the number of jobs", () -> sources.jobCount().getAsInt(), jobs.size());
    summary.add(item(jobCount, "scheduled jobs"));

    tables.add(table("bots", new StatusTable("Bots", List.of("Bot", "Class"),
        sources.bots().entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map(b -> List.of(b.getKey(), b.getValue())).toList(), "No bots are registered.")));
    String roomsTitle = "Rooms joined: " + rooms.size() + (rooms.size() > ROOMS_LISTED ? ", the first "
        + ROOMS_LISTED : "") + roomsNote;
    tables.add(table("rooms", new StatusTable(roomsTitle, List.of("Room", "Name"),
        rooms.stream().limit(ROOMS_LISTED).map(r -> List.of(r.value(), feed.roomName(r))).toList(),
        "The bot is in no room.")));
    tables.add(table("commands", new StatusTable("Recent commands",
        List.of("When", "Command", "Outcome", "Room", "Sender", "Took"),
        commands.stream().map(c -> List.of(time(c.at(), now), c.command(), c.outcome(), c.room(), c.sender(),
            c.millis() + " ms")).toList(), "No command has run yet.")));
    for (StatusSection section : safely("the bots' sections", sources.sections(), List.<StatusSection>of())) {
      StatusTable t = safely("section " + section.getClass().getName().replaceAll(".*\\.|\\$\\$.*", ""),
          () -> section.status(ROWS), null);
      if (t != null) {
        tables.add(table(t));
      }
    }
    String jobsTitle = jobCount > jobs.size() ? "Scheduled jobs: the " + jobs.size() + " soonest of " + jobCount
        : "Scheduled jobs";
    tables.add(table("jobs", new StatusTable(jobsTitle, List.of("Job", "Kind", "Schedule", "Next run"),
        jobs.stream().map(j -> List.of(j.name(), j.kind(), schedule(j.schedule()),
            j.next().map(t -> time(t, now)).orElse("not again"))).toList(), "No jobs are scheduled.")));
    // Last, so that a part of this page that failed is among them.
    List<StatusFeed.Failure> errors = feed.errors();
    summary.add(item(errors.size(), "recent errors"));
    tables.add(table("errors", new StatusTable("Last errors", List.of("When", "Where", "What"),
        errors.stream().map(e -> List.of(time(e.at(), now), e.where(), e.what())).toList(),
        "No errors since the start.")));

    Map<String, Object> model = new LinkedHashMap<>();
    model.put("account", sources.account());
    model.put("homeserver", sources.homeserver());
    model.put("state", ready.getAsBoolean() ? "ready" : "starting");
    model.put("now", TIME.format(now));
    model.put("summary", summary);
    model.put("tables", tables);
    StringWriter out = new StringWriter();
    TEMPLATE.execute(out, model);
    return out.toString();
  }

  private List<CommandLog.Entry> commands() {
    CommandLog log = feed.commands();
    return log == null ? List.of() : safely("recent commands", () -> log.recent(ROWS), List.of());
  }

  /** A part of the page that failed shows as empty and as an error, rather than failing the page. */
  private <T> T safely(String what, Supplier<T> part, T otherwise) {
    try {
      return part.get();
    } catch (RuntimeException e) {
      log.warn("status page: cannot read {}: {}", what, e.toString());
      feed.failed("status page: " + what, e);
      return otherwise;
    }
  }

  private static Map<String, Object> item(int value, String label) {
    return Map.of("value", value, "label", label);
  }

  /** A bot's table, its id made from its title: {@code Recent actions} becomes {@code recent-actions}. */
  private static Map<String, Object> table(StatusTable t) {
    return table(t.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", ""), t);
  }

  private static Map<String, Object> table(String id, StatusTable t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("title", t.title());
    m.put("columns", t.columns());
    List<String> columns = t.columns();
    m.put("rows", t.rows().stream().map(r -> {
      List<Map<String, String>> cells = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) {
        cells.add(Map.of("label", columns.get(i), "value", r.get(i)));
      }
      return Map.of("cells", cells);
    }).toList());
    m.put("hasRows", !t.rows().isEmpty());
    m.put("empty", t.empty());
    return m;
  }

  /** A fixed rate as people write it: {@code every PT1H30M} becomes {@code every 1h30m}; a cron as it is. */
  static String schedule(String described) {
    if (described.startsWith("every P")) {
      try {
        return "every " + Durations.format(Duration.parse(described.substring(6)));
      } catch (java.time.format.DateTimeParseException e) {
        return described;
      }
    }
    return described;
  }

  /** A time with how long ago (or until) it is, e.g. {@code 2026-12-05 14:02:11 UTC (3m ago)}. */
  static String time(Instant t, Instant now) {
    Duration d = Duration.between(t, now);
    String rel = d.isNegative() ? "in " + Durations.format(round(d.negated())) : Durations.format(round(d)) + " ago";
    return TIME.format(t) + " (" + rel + ")";
  }

  private static Duration round(Duration d) {
    return Duration.ofSeconds(Math.max(0, d.toSeconds()));
  }
}

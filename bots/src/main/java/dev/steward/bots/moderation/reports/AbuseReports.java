package dev.steward.bots.moderation.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.event.ReactionEvent;
import dev.steward.bot.store.KeyValueStore;
import dev.steward.bots.moderation.Moderators;
import dev.steward.bots.moderation.ProtectedRooms;
import dev.steward.bots.moderation.actions.Action;
import dev.steward.bots.moderation.actions.ActionExecutor;
import dev.steward.bots.moderation.actions.ActionRequest;
import dev.steward.bots.moderation.actions.RoomOutcome;
import dev.steward.bots.moderation.actions.Source;
import dev.steward.bots.moderation.audit.ManagementRoom;
import dev.steward.client.EventId;
import dev.steward.client.EventReports;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code abuse_reports}: polls Synapse's admin API for the reports users file with their clients and forwards each
 * new one to the management room once, with the reported event's sender, room and a safe excerpt. Forwarded reports
 * are remembered in the store (namespace {@value #NAMESPACE}: the last id forwarded, each report, each notice), so a
 * restart forwards nothing twice. A moderator acts on one with a reaction on its notice ({@value #REDACT} redacts
 * the event, {@value #BAN} bans its sender in every protected room) or with {@code !report <id> redact|ban|list
 * <code>}. When the bot is not a server admin (or the homeserver is not Synapse) it says so once, with the errcode,
 * and stops polling.
 */
public final class AbuseReports implements AutoCloseable {
  /** The reaction that redacts the reported event. */
  public static final String REDACT = "\uD83D\uDDD1\uFE0F";
  /** The reaction that bans the reported event's sender. */
  public static final String BAN = "\uD83D\uDD28";
  static final String NAMESPACE = "moderation.reports";
  private static final Logger log = LoggerFactory.getLogger(AbuseReports.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 50;
  private static final int MAX_PAGES = 10;
  private static final int PER_POLL = 25;
  private static final int EXCERPT = 200;
  private static final Duration FIRST_WINDOW = Duration.ofHours(24);

  private final MatrixClient client;
  private final KeyValueStore store;
  private final ManagementRoom management;
  private final Moderators moderators;
  private final ProtectedRooms rooms;
  private final ActionExecutor actions;
  private final BiFunction<String, Report, String> publish;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "moderation-reports");
    t.setDaemon(true);
    return t;
  });
  private volatile ScheduledFuture<?> polling;
  private volatile boolean failing;
  private volatile boolean stopped;

  /** A forwarded report as remembered: where the event is and who sent it. */
  public record Report(long id, RoomId room, EventId event, UserId sender, String reason) {}

  /**
   * @param publish adds a report's sender to the list with the given short code, returning the outcome line
   */
  public AbuseReports(MatrixClient client, KeyValueStore store, ManagementRoom management, Moderators moderators,
                      ProtectedRooms rooms, ActionExecutor actions, BiFunction<String, Report, String> publish) {
    this.client = client;
    this.store = store;
    this.management = management;
    this.moderators = moderators;
    this.rooms = rooms;
    this.actions = actions;
    this.publish = publish;
  }

  /** Polls now and then every {@code every}, until the homeserver says the bot may not read reports. */
  public void start(Duration every) {
    polling = timer.scheduleWithFixedDelay(this::pollSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void pollSafely() {
    if (stopped) {
      return;
    }
    try {
      poll();
    } catch (RuntimeException e) {
      log.error("moderation: polling abuse reports failed", e);
    }
  }

  /** One poll: forwards the reports newer than the last one forwarded, oldest first, at most 25 at a time. */
  void poll() {
    Optional<String> stored = store.get("last");
    long last = stored.map(Long::parseLong).orElse(0L);
    List<EventReports.Report> fresh = new ArrayList<>();
    try {
      String from = null;
      for (int page = 0; page < MAX_PAGES; page++) {
        EventReports.Page p = client.eventReports().page(from, PAGE, true);
        boolean older = false;
        for (EventReports.Report r : p.reports()) {
          if (r.id() <= last) {
            older = true;
            break;
          }
          fresh.add(r);
        }
        if (older || p.next() == null) {
          break;
        }
        from = p.next();
      }
    } catch (MatrixException e) {
      if (e.status() == 401 || e.status() == 403 || e.status() == 404 || e.status() == 400) {
        management.notice("Abuse reports are not forwarded: the homeserver refused to list them ("
            + ActionExecutor.describe(e) + "). The bot must be a Synapse server admin for this; make it one and "
            + "restart it, or turn abuse_reports off.");
        stop();
      } else if (!failing) {
        failing = true;
        management.notice("Abuse reports: cannot read them for now (" + ActionExecutor.describe(e)
            + "); trying again at each poll.");
      }
      return;
    }
    if (failing) {
      failing = false;
      management.notice("Abuse reports: reading them works again.");
    }
    if (stored.isEmpty()) {
      firstPoll(fresh);
    }
    fresh.sort(Comparator.comparingLong(EventReports.Report::id));
    int waiting = Math.max(0, fresh.size() - PER_POLL);
    for (EventReports.Report r : fresh.subList(0, Math.min(PER_POLL, fresh.size()))) {
      forward(r, waiting > 0 && r == fresh.get(PER_POLL - 1) ? waiting : 0);
      store.put("last", Long.toString(r.id()));
    }
  }

  /**
   * The very first poll (nothing in the store yet) forwards only the reports of the last day, so that turning the
   * option on does not flood the management room with a server's history; the rest are counted, and skipped for good.
   */
  private void firstPoll(List<EventReports.Report> fresh) {
    long newest = fresh.stream().mapToLong(EventReports.Report::id).max().orElse(0L);
    long since = System.currentTimeMillis() - FIRST_WINDOW.toMillis();
    int all = fresh.size();
    fresh.removeIf(r -> r.receivedTs() < since);
    if (fresh.size() < all) {
      management.notice("Abuse reports: forwarding those of the last " + FIRST_WINDOW.toHours() + " hours; "
          + (all - fresh.size()) + " older report(s) are not forwarded (Synapse's admin API still lists them).");
    }
    if (fresh.isEmpty()) {
      store.put("last", Long.toString(newest));
    }
  }

  private void forward(EventReports.Report r, int waiting) {
    JsonNode event = null;
    String unreadable = null;
    try {
      event = client.eventReports().event(r.id());
    } catch (MatrixException e) {
      unreadable = ActionExecutor.describe(e);
    }
    UserId sender = r.sender() != null ? r.sender()
        : event != null && event.path("sender").isTextual() ? UserId.of(event.path("sender").asText()) : null;
    StringBuilder s = new StringBuilder("\uD83D\uDEA9 Report ").append(r.id()).append(" by ").append(r.reporter())
        .append(" in ").append(r.roomName() == null ? "" : Excerpts.safe(r.roomName(), 60) + " ").append(r.room())
        .append(rooms.contains(r.room()) ? " (protected)" : " (not protected)")
        .append(r.reason().isBlank() ? "" : ": \u201C" + Excerpts.safe(r.reason(), EXCERPT) + "\u201D")
        .append("\nReported event ").append(r.event()).append(" from ").append(sender == null ? "an unknown sender"
            : sender).append(": ").append(unreadable != null ? "(cannot read it: " + unreadable + ")"
            : Excerpts.of(event, EXCERPT))
        .append("\nReact ").append(REDACT).append(" to redact it, ").append(BAN)
        .append(" to ban the sender in every protected room, or use !report ").append(r.id())
        .append(" redact|ban|list <shortcode>.");
    if (waiting > 0) {
      s.append("\n(").append(waiting).append(" more report(s) waiting; they follow at the next poll.)");
    }
    Optional<EventId> notice = management.post(s.toString());
    ObjectNode n = JSON.createObjectNode().put("room", r.room().value()).put("event", r.event().value())
        .put("reason", r.reason());
    if (sender != null) {
      n.put("sender", sender.value());
    }
    notice.ifPresent(id -> {
      n.put("notice", id.value());
      store.put("notice " + id.value(), Long.toString(r.id()));
    });
    store.put("report " + r.id(), n.toString());
  }

  /** The forwarded report {@code id}, if it was forwarded. */
  public Optional<Report> report(long id) {
    return store.get("report " + id).flatMap(v -> {
      try {
        JsonNode n = JSON.readTree(v);
        return Optional.of(new Report(id, RoomId.of(n.path("room").asText()), EventId.of(n.path("event").asText()),
            n.hasNonNull("sender") ? UserId.of(n.path("sender").asText()) : null, n.path("reason").asText("")));
      } catch (IOException | IllegalArgumentException e) {
        log.warn("moderation: unreadable report record {}", id);
        return Optional.empty();
      }
    });
  }

  /** The report whose notice is {@code notice}, if it is one. */
  public Optional<Report> byNotice(EventId notice) {
    return store.get("notice " + notice.value()).flatMap(id -> report(Long.parseLong(id)));
  }

  /**
   * Acts on report {@code r} for moderator {@code by}: {@code redact}, {@code ban}, or {@code list} with a short
   * code; returns the one line that reports it (the actions themselves are quiet).
   */
  public String act(Report r, String verb, String code, UserId by) {
    String reason = "reported" + (r.reason().isBlank() ? "" : ": " + Excerpts.safe(r.reason(), 100));
    if (r.sender() == null) {
      return "Report " + r.id() + ": the sender of " + r.event() + " is unknown, so the bot cannot act on it.";
    }
    Optional<String> why = moderators.refusal(r.sender(), null);
    if (why.isPresent()) {
      return "Refused: the bot will not act against " + r.sender() + ": " + why.get() + ".";
    }
    Source source = Source.moderator(by);
    return "Report " + r.id() + " (" + by + "): " + switch (verb) {
      case "redact" -> {
        RoomOutcome o = actions.redact(r.room(), r.sender(), List.of(r.event()), reason, source, true).rooms().get(0);
        yield (o.status() == RoomOutcome.Status.DONE ? "redacted " : "could not redact ") + r.event() + " of "
            + r.sender() + " in " + r.room() + (o.status() == RoomOutcome.Status.DONE ? "" : " (" + o.detail() + ")");
      }
      case "ban" -> actions.act(ActionRequest.of(Action.BAN, r.sender(), rooms.all(), reason, source)
          .withQuiet(true)).line();
      case "list" -> publish.apply(code, r);
      default -> throw new IllegalArgumentException("unknown verb " + verb);
    };
  }

  /**
   * A reaction in the management room: a moderator's {@value #REDACT} or {@value #BAN} on a forwarded report's notice
   * acts on it; anyone else's is refused with a notice. Other reactions are none of its business.
   */
  public void onReaction(ReactionEvent reaction) {
    Optional<String> verb = verbOf(reaction.key());
    Optional<Report> report = verb.flatMap(v -> byNotice(reaction.target()));
    if (report.isEmpty()) {
      return;
    }
    if (!moderators.isModerator(reaction.sender())) {
      management.notice("Refused: only moderators of every protected room may act on abuse reports ("
          + reaction.sender() + " reacted " + reaction.key() + ").");
      return;
    }
    management.notice(act(report.get(), verb.get(), null, reaction.sender()));
  }

  /** The verb a reaction key on a report's notice stands for, or empty. */
  static Optional<String> verbOf(String key) {
    String k = key.replace("\uFE0F", "");
    return k.equals(REDACT.replace("\uFE0F", "")) ? Optional.of("redact")
        : k.equals(BAN) ? Optional.of("ban") : Optional.empty();
  }

  private void stop() {
    stopped = true;
    ScheduledFuture<?> p = polling;
    if (p != null) {
      p.cancel(false);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}

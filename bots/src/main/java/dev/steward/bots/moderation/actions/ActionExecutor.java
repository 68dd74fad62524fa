package dev.steward.bots.moderation.actions;

import dev.steward.bot.schedule.DelayedActions;
import dev.steward.bots.moderation.Moderators;
import dev.steward.bots.moderation.ProtectedRooms;
import dev.steward.bots.moderation.audit.AuditEntry;
import dev.steward.bots.moderation.audit.AuditLog;
import dev.steward.bots.moderation.audit.ManagementRoom;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does ban, unban, kick, mute, unmute and redactions for commands, protections and ban lists alike: refuses targets
 * the bot must not touch, works on rooms in parallel ({@code parallel_rooms} at a time, largest room first), records
 * every room's outcome in the audit log and reports one summary to the management room. An action over several rooms
 * is planned in the store before it starts and each room marked when done ({@link Plans}), so one cut off by a crash
 * finishes after the restart, each room once. Timed bans and mutes are undone by {@link DelayedActions}, which
 * survives restarts and runs once in a cluster.
 */
public final class ActionExecutor implements AutoCloseable {
  /** The delayed action that ends a timed ban or mute: data {@code action}, {@code user}, {@code rooms}, … */
  static final String UNDO = "moderation.undo";
  private static final Logger log = LoggerFactory.getLogger(ActionExecutor.class);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final MatrixClient client;
  private final Moderators moderators;
  private final ProtectedRooms protectedRooms;
  private final AuditLog audit;
  private final ManagementRoom management;
  private final Plans plans;
  private final DelayedActions delayed;
  private final ExecutorService pool;
  private final RoomStep step;
  private final Clock clock = Clock.systemUTC();

  /** Works on {@code parallel} rooms at once; registers the delayed action that ends timed bans and mutes. */
  public ActionExecutor(MatrixClient client, Moderators moderators, ProtectedRooms protectedRooms, AuditLog audit,
                        ManagementRoom management, Plans plans, DelayedActions delayed, int parallel) {
    this.client = client;
    this.moderators = moderators;
    this.protectedRooms = protectedRooms;
    this.audit = audit;
    this.management = management;
    this.plans = plans;
    this.delayed = delayed;
    this.step = new RoomStep(client, moderators);
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "moderation-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    delayed.register(UNDO, (c, data) -> undo(data));
  }

  // ---- the calls protections and lists use ----

  /** Bans {@code target} in {@code rooms} for good. */
  public ActionResult ban(UserId target, Collection<RoomId> rooms, String reason, Source source) {
    return act(ActionRequest.of(Action.BAN, target, rooms, reason, source));
  }

  /** Kicks {@code target} from those of {@code rooms} they are in. */
  public ActionResult kick(UserId target, Collection<RoomId> rooms, String reason, Source source) {
    return act(ActionRequest.of(Action.KICK, target, rooms, reason, source));
  }

  /** Mutes {@code target} in {@code rooms}, for {@code duration} (null: until unmuted). */
  public ActionResult mute(UserId target, Collection<RoomId> rooms, Duration duration, String reason,
                           Source source) {
    return act(ActionRequest.of(Action.MUTE, target, rooms, reason, source).withDuration(duration));
  }

  /**
   * Redacts the given events of {@code author} in {@code room} (a protection's burst), recorded as one audit entry;
   * events already gone count as done.
   */
  public ActionResult redact(RoomId room, UserId author, List<EventId> events, String reason, Source source) {
    return redact(room, author, events, reason, source, false);
  }

  /**
   * As {@link #redact(RoomId, UserId, List, String, Source)}; when {@code quiet}, without a management-room notice of
   * its own (the caller reports the redaction, e.g. in a protection's one report of the hit).
   */
  public ActionResult redact(RoomId room, UserId author, List<EventId> events, String reason, Source source,
                             boolean quiet) {
    Instant start = clock.instant();
    ActionRequest req = ActionRequest.of(Action.REDACT, author, List.of(room), reason, source).withQuiet(quiet);
    int done = 0;
    String failure = null;
    for (EventId event : events) {
      try {
        client.messages().redact(room, event, req.reason().isEmpty() ? null : req.reason());
        done++;
      } catch (MatrixException e) {
        failure = describe(e);
      }
    }
    RoomOutcome outcome = failure == null
        ? new RoomOutcome(room, RoomOutcome.Status.DONE, done + " event(s)")
        : new RoomOutcome(room, RoomOutcome.Status.FAILED, failure + "; " + done + " of " + events.size() + " done");
    return finish(req, newKey(), List.of(outcome), start, null, null);
  }

  // ---- the general call ----

  /** Carries out {@code request}: see the class comment. Never throws for a homeserver failure in a room. */
  public ActionResult act(ActionRequest request) {
    Objects.requireNonNull(request, "request");
    Instant start = clock.instant();
    String key = request.key() != null ? request.key() : newKey();
    ActionRequest req = request.withKey(key);
    if (req.action().againstTarget()) {
      Optional<String> why = moderators.refusal(req.target(), null);
      if (why.isPresent()) {
        List<RoomOutcome> refused = req.rooms().stream()
            .map(r -> new RoomOutcome(r, RoomOutcome.Status.REFUSED, why.get())).toList();
        return finish(req, key, refused, start, null, null);
      }
    }
    List<RoomId> order = protectedRooms.largestFirst(req.rooms());
    Plans.Plan plan = null;
    boolean resumed = false;
    if (!req.dryRun() && order.size() > 1) {
      Optional<Plans.Plan> earlier = plans.get(key);
      if (earlier.isPresent()) {
        // The same command again after a crash cut its first run off: only the rooms not done yet, each checked.
        plan = earlier.get();
        order = plan.remaining();
        resumed = true;
      } else {
        plan = plans.start(req, order, dueAt(req));
      }
    }
    List<RoomOutcome> outcomes = order.isEmpty() ? List.of() : run(req, order, plan, resumed);
    return finish(req, key, outcomes, start, plan == null ? dueAt(req) : plan.endsAt(), resumed ? plan : null);
  }

  /** Finishes the mass actions a crash cut off: the rooms not marked done, each checked before it is acted on. */
  public void resumeUnfinished() {
    for (Plans.Plan plan : plans.unfinished()) {
      ActionRequest req = plan.request();
      List<RoomId> left = plan.remaining();
      management.notice("Finishing the " + req.action().verb() + " of " + req.target() + " by "
          + req.source().label() + " after a restart: " + left.size() + " of " + req.rooms().size()
          + " room(s) left.");
      Instant start = clock.instant();
      List<RoomOutcome> outcomes = run(req, left, plan, true);
      finish(req, req.key(), outcomes, start, plan.endsAt(), plan);
    }
  }

  private List<RoomOutcome> run(ActionRequest req, List<RoomId> order, Plans.Plan plan, boolean resumed) {
    if (order.size() == 1) {
      RoomOutcome o = one(req, order.get(0), resumed);
      done(req, plan, o);
      return List.of(o);
    }
    AtomicInteger finished = new AtomicInteger();
    AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    List<Future<RoomOutcome>> futures = new ArrayList<>();
    for (RoomId room : order) {
      futures.add(pool.submit(() -> {
        RoomOutcome o = one(req, room, resumed);
        done(req, plan, o);
        int n = finished.incrementAndGet();
        long last = lastProgress.get();
        if (!req.quiet() && System.nanoTime() - last > PROGRESS_EVERY.toNanos()
            && lastProgress.compareAndSet(last, System.nanoTime())) {
          management.notice(req.action().verb() + " " + req.target() + ": " + n + " of " + order.size()
              + " room(s) so far\u2026");
        }
        return o;
      }));
    }
    List<RoomOutcome> out = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      try {
        out.add(futures.get(i).get());
      } catch (ExecutionException e) {
        log.error("moderation: {} of {} in {} threw", req.action(), req.target(), order.get(i), e.getCause());
        out.add(new RoomOutcome(order.get(i), RoomOutcome.Status.FAILED, "internal error: " + e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.add(new RoomOutcome(order.get(i), RoomOutcome.Status.FAILED, "interrupted"));
      }
    }
    return out;
  }

  /** One room: refuse, dry-run, or act; the outcome goes into the audit log (once per action and room). */
  private RoomOutcome one(ActionRequest req, RoomId room, boolean resumed) {
    RoomOutcome o;
    try {
      o = step.attempt(req, room, resumed);
    } catch (MatrixException e) {
      o = new RoomOutcome(room, RoomOutcome.Status.FAILED, describe(e));
    } catch (RuntimeException e) {
      log.error("moderation: {} of {} in {} failed", req.action(), req.target(), room, e);
      o = new RoomOutcome(room, RoomOutcome.Status.FAILED, "internal error: " + e.getMessage());
    }
    audit.record(new AuditEntry(req.key() + " " + room.value(), clock.instant(), req.source().stored(),
        req.action().verb(), req.target().value(), room.value(), req.reason(), o.status().word(), o.detail()));
    return o;
  }

  private void done(ActionRequest req, Plans.Plan plan, RoomOutcome o) {
    if (plan != null) {
      plans.markDone(plan, o.room(), o.status() == RoomOutcome.Status.DONE
          || o.status() == RoomOutcome.Status.UNCHANGED);
    }
  }

  /**
   * Schedules the end of a timed action in the rooms it changed, drops the plan, logs and reports. In a fresh run a
   * room that was already banned or muted is not ended by this timer (that ban or mute is someone else's); after a
   * restart ({@code resumed} is the plan then) every room the plan marked done is ended, those of the first run too.
   */
  private ActionResult finish(ActionRequest req, String key, List<RoomOutcome> outcomes, Instant start,
                              Instant endsAt, Plans.Plan resumed) {
    Duration took = Duration.between(start, clock.instant());
    Instant ends = null;
    if (endsAt != null && !req.dryRun()) {
      List<RoomId> changed = resumed != null ? resumed.doneRooms() : outcomes.stream()
          .filter(o -> o.status() == RoomOutcome.Status.DONE).map(RoomOutcome::room).toList();
      if (!changed.isEmpty()) {
        scheduleUndo(req, changed, endsAt);
        ends = endsAt;
      }
    }
    plans.finish(key);
    ActionResult result = new ActionResult(req, outcomes, took, ends);
    log.info("moderation: {} {} by {}: {}", req.action().verb(), req.target(), req.source().label(),
        result.summary().replace('\n', ' '));
    if (!req.quiet()) {
      management.notice(result.summary());
    }
    return result;
  }

  private Instant dueAt(ActionRequest req) {
    return req.duration() == null ? null : clock.instant().plus(req.duration());
  }

  private void scheduleUndo(ActionRequest req, List<RoomId> rooms, Instant at) {
    Action undo = req.action() == Action.BAN ? Action.UNBAN : Action.UNMUTE;
    delayed.schedule(UNDO, Map.of("action", undo.name(), "user", req.target().value(),
        "rooms", String.join(",", rooms.stream().map(RoomId::value).toList()),
        "why", "end of the " + req.duration() + " " + req.action().verb() + " by " + req.source().label(),
        "key", req.key() + " undo"), at);
  }

  private void undo(Map<String, String> data) {
    List<RoomId> rooms = java.util.Arrays.stream(data.get("rooms").split(",")).map(RoomId::of).toList();
    act(new ActionRequest(Action.valueOf(data.get("action")), UserId.of(data.get("user")), rooms, "",
        Source.timer(data.get("why")), null, false, false, data.get("key")));
  }




  /** The homeserver's errcode and message, e.g. {@code M_FORBIDDEN: You don't have permission to ban}. */
  public static String describe(MatrixException e) {
    String code = e.errcode() != null ? e.errcode() : e.status() > 0 ? "HTTP " + e.status() : "no answer";
    return code + (e.error() != null && !e.error().isBlank() ? ": " + e.error() : "");
  }

  private static String newKey() {
    return UUID.randomUUID().toString();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}

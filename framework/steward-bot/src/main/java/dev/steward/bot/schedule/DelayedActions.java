package dev.steward.bot.schedule;

import dev.steward.client.MatrixClient;
import dev.steward.client.Moderation;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-shot actions at a later time (unmute, unban, remind, or a type of the bot's own), kept in the database so they
 * survive restarts. An action whose time passed while the bot was down runs once when it starts again; in a cluster
 * it runs on one instance. Get it from {@code Steward.delayedActions()} or inject it into a bot's constructor.
 */
public final class DelayedActions {
  private static final Logger log = LoggerFactory.getLogger(DelayedActions.class);

  /**
   * Ends a mute through {@code Moderation}: data {@code room}, {@code user}, and {@code level} for a user muted by
   * hand (see {@link #scheduleUnmute(RoomId, UserId, long, Instant)}).
   */
  public static final String UNMUTE = "steward.unmute";
  /** Lifts a ban: data {@code room}, {@code user}. */
  public static final String UNBAN = "steward.unban";
  /** Sends an {@code m.notice}: data {@code room}, {@code text}. */
  public static final String REMINDER = "steward.reminder";

  static final String GROUP = "steward.actions";
  /** How early a delayed unmute may run and still end a mute that expires then. */
  private static final Duration EARLY_FIRE = Duration.ofSeconds(1);

  /** Stored next to the action's own data; reserved, so data may not use it. */
  static final String TYPE_KEY = "steward.action";

  /** Quartz, made on first use (see {@code StewardScheduler.quartz()}). */
  private final Supplier<Scheduler> scheduler;
  private final MatrixClient client;
  private final Map<String, DelayedAction> handlers = new ConcurrentHashMap<>();

  DelayedActions(Supplier<Scheduler> scheduler, MatrixClient client) {
    this.scheduler = scheduler;
    this.client = client;
    handlers.put(UNMUTE, this::unmute);
    handlers.put(UNBAN, (c, d) -> c.rooms().unban(RoomId.of(d.get("room")), UserId.of(d.get("user")),
        null));
    handlers.put(REMINDER, (c, d) -> c.messages().notice(RoomId.of(d.get("room")), d.get("text")));
  }

  /**
   * Mutes {@code user} in {@code room} for {@code duration} in one call: {@code Moderation.mute} records the expiry
   * with the mute, and an unmute is scheduled for then (it goes through {@code Moderation.unmuteIfDue}, so
   * {@code isMuted} is false afterwards, and a later, longer mute is not cut short). Muting someone already muted
   * changes the expiry of their mute. Returns the id of the scheduled unmute.
   */
  public String mute(RoomId room, UserId user, Duration duration) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("mute duration must be positive, got " + duration);
    }
    Instant until = Instant.now().plus(duration);
    // The unmute is scheduled first: a mute whose unmute could not be scheduled would never end.
    String id = scheduleUnmute(room, user, until);
    try {
      client.moderation().mute(room, user, until);
    } catch (RuntimeException e) {
      cancel(id);
      throw e;
    }
    return id;
  }

  /**
   * At {@code at}, ends {@code user}'s mute in {@code room} through {@code Moderation.unmuteIfDue}: only a mute
   * whose recorded expiry has come is ended. Returns the id.
   */
  public String scheduleUnmute(RoomId room, UserId user, Instant at) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(user, "user");
    return schedule(UNMUTE, Map.of("room", room.value(), "user", user.value()), at, true);
  }

  /**
   * At {@code at}, unmutes {@code user} in {@code room}; returns the id. A user muted by {@code Moderation.mute}
   * is unmuted through {@code Moderation.unmute}, which restores the level recorded at mute time (and clears the
   * record, so {@code isMuted} is false); a mute with a later recorded expiry is left alone. {@code restoreLevel}
   * is set only for a user muted by hand (a power level with no Steward mute record).
   */
  public String scheduleUnmute(RoomId room, UserId user, long restoreLevel, Instant at) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(user, "user");
    return schedule(UNMUTE, Map.of("room", room.value(), "user", user.value(), "level", Long.toString(restoreLevel)),
        at, true);
  }

  private void unmute(MatrixClient client, Map<String, String> d) {
    RoomId room = RoomId.of(d.get("room"));
    UserId user = UserId.of(d.get("user"));
    Moderation moderation = client.moderation();
    if (!moderation.isMuted(room, user)) {
      if (d.containsKey("level")) {
        client.rooms().setPowerLevel(room, user, Long.parseLong(d.get("level")));
      } else {
        log.info("delayed unmute of {} in {}: not muted any more, nothing to do", user, room);
      }
      return;
    }
    // Quartz may fire a trigger a few milliseconds before its time, which is the mute's recorded expiry.
    Instant now = Instant.now().plus(EARLY_FIRE);
    Optional<Instant> until = moderation.mutedUntil(room, user);
    if (until.isPresent()) {
      if (!moderation.unmuteIfDue(room, user, now)) {
        // Muted again since, until later: end that mute then too (a second unmute at that time finds nothing to do).
        scheduleUnmute(room, user, until.get());
        log.info("delayed unmute of {} in {}: muted until {} now, unmute moved there", user, room, until.get());
      }
    } else if (d.containsKey("level")) {
      moderation.unmute(room, user); // muted by Moderation.mute without an expiry, timed by the caller
    } else {
      log.info("delayed unmute of {} in {}: muted without an expiry since, so left muted", user, room);
    }
  }

  /** At {@code at}, unbans {@code user} from {@code room}; returns the id. */
  public String scheduleUnban(RoomId room, UserId user, Instant at) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(user, "user");
    return schedule(UNBAN, Map.of("room", room.value(), "user", user.value()), at, true);
  }

  /**
   * At {@code at}, sends {@code text} to {@code room} as an {@code m.notice}; returns the id. Not re-run when an
   * instance dies while sending, so a reminder is never posted twice (at the price of one that may be lost then).
   */
  public String scheduleReminder(RoomId room, String text, Instant at) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(text, "text");
    return schedule(REMINDER, Map.of("room", room.value(), "text", text), at, false);
  }

  /**
   * At {@code at}, runs the handler registered for {@code actionType} with {@code data}; returns the id. The type
   * needs a handler only when the action runs, so register it at start-up, before the scheduler starts.
   */
  public String schedule(String actionType, Map<String, String> data, Instant at) {
    return schedule(actionType, data, at, true);
  }

  /**
   * Registers what runs for actions of {@code actionType}.
   *
   * @throws IllegalStateException if the type already has a handler (the built-in types included)
   */
  public void register(String actionType, DelayedAction handler) {
    Objects.requireNonNull(actionType, "actionType");
    Objects.requireNonNull(handler, "handler");
    if (handlers.putIfAbsent(actionType, handler) != null) {
      throw new IllegalStateException("delayed action type '" + actionType + "' already has a handler");
    }
  }

  /** Drops a pending action; false when it already ran or never existed. */
  public boolean cancel(String id) {
    Objects.requireNonNull(id, "id");
    try {
      return scheduler.get().deleteJob(JobKey.jobKey(id, GROUP));
    } catch (SchedulerException e) {
      throw new IllegalStateException("cancelling delayed action " + id, e);
    }
  }

  /** When the pending action {@code id} is due, if it is still pending. */
  public Optional<Instant> dueAt(String id) {
    Objects.requireNonNull(id, "id");
    try {
      Trigger t = scheduler.get().getTrigger(TriggerKey.triggerKey(id, GROUP));
      return t == null ? Optional.empty() : Optional.of(t.getStartTime().toInstant());
    } catch (SchedulerException e) {
      throw new IllegalStateException("looking up delayed action " + id, e);
    }
  }

  DelayedAction handler(String actionType) {
    return handlers.get(actionType);
  }

  private String schedule(String type, Map<String, String> data, Instant at, boolean recover) {
    Objects.requireNonNull(type, "actionType");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(at, "at");
    if (data.containsKey(TYPE_KEY)) {
      throw new IllegalArgumentException("data key '" + TYPE_KEY + "' is reserved");
    }
    Map<String, String> stored = new LinkedHashMap<>(data);
    stored.put(TYPE_KEY, type);
    String id = "action-" + UUID.randomUUID();
    JobDetail job = JobBuilder.newJob(ActionJob.class).withIdentity(id, GROUP).usingJobData(new JobDataMap(stored))
        .withDescription(type).requestRecovery(recover).build();
    // FIRE_NOW: a time that passed while every instance was down fires once at the next start, not never.
    Trigger trigger = TriggerBuilder.newTrigger().withIdentity(id, GROUP).startAt(Date.from(at))
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
    try {
      scheduler.get().scheduleJob(job, trigger);
    } catch (SchedulerException e) {
      throw new IllegalStateException("scheduling delayed action " + type + " at " + at, e);
    }
    return id;
  }
}

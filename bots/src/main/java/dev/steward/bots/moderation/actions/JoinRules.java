package dev.steward.bots.moderation.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.schedule.DelayedActions;
import dev.steward.bot.store.KeyValueStore;
import dev.steward.bots.moderation.audit.AuditEntry;
import dev.steward.bots.moderation.audit.AuditLog;
import dev.steward.bots.moderation.audit.ManagementRoom;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a room's door for a while (a join wave): sets {@code m.room.join_rules} to {@code invite} or {@code knock}
 * and restores the exact previous content after a cool-off. The previous content is kept in the store (namespace
 * {@value #NAMESPACE}) before the change, and the restore is a {@link DelayedActions} action, so both survive
 * restarts. Each change is audited and reported to the management room.
 */
public final class JoinRules {
  static final String NAMESPACE = "moderation.joinrules";
  /** The delayed action that restores a join rule: data {@code room}. */
  static final String RESTORE = "moderation.restore-join-rule";
  private static final Logger log = LoggerFactory.getLogger(JoinRules.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TYPE = "m.room.join_rules";

  private final MatrixClient client;
  private final KeyValueStore store;
  private final AuditLog audit;
  private final ManagementRoom management;
  private final DelayedActions delayed;
  private final Clock clock = Clock.systemUTC();

  /** Registers the restore action with {@code delayed}. */
  public JoinRules(MatrixClient client, KeyValueStore store, AuditLog audit, ManagementRoom management,
                   DelayedActions delayed) {
    this.client = client;
    this.store = store;
    this.audit = audit;
    this.management = management;
    this.delayed = delayed;
    delayed.register(RESTORE, (c, data) -> restore(RoomId.of(data.get("room")),
        Source.timer("end of the join-rule cool-off")));
  }

  /**
   * Sets {@code room}'s join rule to {@code joinRule} ({@code invite} or {@code knock}) and restores the previous
   * one after {@code coolOff}. When the bot already changed it, only the restore moves to {@code coolOff} from now.
   * Returns true when the join rule changed now.
   *
   * @throws MatrixException when the homeserver refuses (reported to the management room first)
   */
  public synchronized boolean lock(RoomId room, String joinRule, Duration coolOff, String reason, Source source) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(joinRule, "joinRule");
    Objects.requireNonNull(source, "source");
    Instant restoreAt = clock.instant().plus(coolOff);
    Optional<ObjectNode> held = read(room);
    if (held.isPresent()) {
      String old = held.get().path("action").asText(null);
      if (old != null) {
        delayed.cancel(old);
      }
      held.get().put("action", delayed.schedule(RESTORE, Map.of("room", room.value()), restoreAt));
      store.put(room.value(), held.get().toString());
      return false;
    }
    JsonNode previous = client.rooms().state(room, TYPE, "")
        .orElseGet(() -> JSON.createObjectNode().put("join_rule", "invite"));
    ObjectNode record = JSON.createObjectNode();
    record.set("previous", previous);
    // Recorded before the change: if the bot dies right after it, the restore still knows what was there.
    store.put(room.value(), record.toString());
    try {
      ObjectNode content = previous.deepCopy();
      content.put("join_rule", joinRule);
      client.rooms().sendState(room, TYPE, "", content);
    } catch (MatrixException e) {
      store.delete(room.value());
      report(room, "join rule " + joinRule, reason, source, "failed", ActionExecutor.describe(e));
      throw e;
    }
    record.put("action", delayed.schedule(RESTORE, Map.of("room", room.value()), restoreAt));
    store.put(room.value(), record.toString());
    report(room, "join rule " + joinRule + " until " + restoreAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        reason, source, "done", "was " + previous.path("join_rule").asText("?"));
    return true;
  }

  /** Puts back the join rule from before {@link #lock}; returns false when the bot had not changed it. */
  public synchronized boolean restore(RoomId room, Source source) {
    Optional<ObjectNode> held = read(room);
    if (held.isEmpty()) {
      return false;
    }
    JsonNode previous = held.get().path("previous");
    try {
      client.rooms().sendState(room, TYPE, "", previous);
    } catch (MatrixException e) {
      report(room, "restore join rule", "", source, "failed", ActionExecutor.describe(e));
      throw e;
    }
    String action = held.get().path("action").asText(null);
    if (action != null && !source.kind().equals(Source.Kind.TIMER)) {
      delayed.cancel(action);
    }
    store.delete(room.value());
    report(room, "restore join rule " + previous.path("join_rule").asText("?"), "", source, "done", "");
    return true;
  }

  /** Whether the bot changed {@code room}'s join rule and has not restored it yet. */
  public boolean isLocked(RoomId room) {
    return store.get(room.value()).isPresent();
  }

  private void report(RoomId room, String what, String reason, Source source, String outcome, String detail) {
    audit.record(new AuditEntry(UUID.randomUUID().toString(), clock.instant(), source.stored(),
        Action.JOIN_RULE.verb(), room.value(), room.value(), reason, outcome, detail));
    management.notice(("done".equals(outcome) ? "\u2705 " : "\u26A0\uFE0F ") + source.label() + ": " + what + " in "
        + room + ("done".equals(outcome) ? "" : " failed") + (detail.isEmpty() ? "" : " (" + detail + ")")
        + (reason.isEmpty() ? "" : ". Reason: " + reason));
  }

  private Optional<ObjectNode> read(RoomId room) {
    return store.get(room.value()).flatMap(v -> {
      try {
        return Optional.of((ObjectNode) JSON.readTree(v));
      } catch (JsonProcessingException | ClassCastException e) {
        log.warn("moderation: dropping an unreadable join-rule record for {}", room);
        store.delete(room.value());
        return Optional.empty();
      }
    });
  }
}

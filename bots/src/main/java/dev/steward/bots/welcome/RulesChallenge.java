package dev.steward.bots.welcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.schedule.DelayedActions;
import dev.steward.bot.store.KeyValueStore;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.PowerLevels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules challenge: a newcomer in a challenge room is muted (power level below {@code events_default}) until they
 * agree to the rules, then restored to their previous level exactly; after {@code challenge_timeout} they are kicked.
 * Each challenge is one record in the store (namespace {@value #NAMESPACE}) and its timeout a {@link DelayedActions}
 * action, so both survive restarts.
 *
 * <p>Muted members cannot send messages, so the rules message is answered with a reaction: when it mutes someone the
 * bot also lowers the room's {@code m.reaction} level to the muted level if it is higher. {@code !agree} works in any
 * room where the member can speak, such as a direct chat with the bot.
 */
final class RulesChallenge {
  /** The delayed action that kicks a member who did not agree in time: data {@code room}, {@code user}. */
  static final String TIMEOUT = "welcome.challenge-timeout";
  static final String NAMESPACE = "welcome.challenge";

  private static final Logger log = LoggerFactory.getLogger(RulesChallenge.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PL = "m.room.power_levels";

  private final WelcomeSettings settings;
  private final KeyValueStore store;
  private final DelayedActions actions;
  private final Arrivals arrivals;

  RulesChallenge(WelcomeSettings settings, KeyValueStore store, DelayedActions actions, Arrivals arrivals) {
    this.settings = settings;
    this.store = store;
    this.actions = actions;
    this.arrivals = arrivals;
    // Registered even with no challenge rooms: a timeout scheduled under an earlier configuration still finds it.
    actions.register(TIMEOUT,
        (client, data) -> timeout(client, RoomId.of(data.get("room")), UserId.of(data.get("user"))));
  }

  /** Whether newcomers to {@code room} are challenged. */
  boolean appliesTo(RoomId room) {
    return settings.challengeRooms().contains(room);
  }

  /** A pending challenge: where the rules message is, the level to restore, the timeout's action id. */
  record Pending(RoomId room, UserId user, EventId rules, JsonNode previousLevel, String action) {}

  /**
   * Mutes {@code user} and records the challenge; returns false (and does nothing) when they already agreed, are
   * already challenged, or rank too high to be muted. The caller then posts the rules and calls {@link #started}.
   */
  boolean mute(MatrixClient client, RoomId room, UserId user) {
    Optional<JsonNode> known = read(room, user);
    // A pending record without a timeout is a challenge cut off by a crash: finish it, keeping the recorded level.
    boolean unfinished = known.filter(r -> r.path("state").asText().equals("pending") && !r.hasNonNull("action"))
        .isPresent();
    if (known.isPresent() && !unfinished) {
      log.debug("welcome: not challenging {} in {}: {}", user, room, known.get().path("state").asText());
      return false;
    }
    PowerLevels pl = client.rooms().powerLevels(room);
    long theirs = pl.userLevel(user);
    if (!unfinished && (theirs >= pl.userLevel(client.userId()) || theirs >= pl.kick())) {
      log.info("welcome: not challenging {} in {}: their power level {} is too high to mute", user, room, theirs);
      return false;
    }
    if (!unfinished) {
      ObjectNode record = JSON.createObjectNode().put("state", "pending");
      JsonNode previous = pl.content().path("users").get(user.value());
      record.set("previous", previous == null ? JSON.nullNode() : previous);
      // Recorded first: if the bot dies after muting, the record still knows what to restore.
      store.put(key(room, user), record.toString());
    }
    long muted = Math.min(theirs, pl.eventsDefault() - 1);
    ObjectNode content = pl.content().deepCopy();
    content.withObject("users").put(user.value(), muted);
    if (pl.eventLevel("m.reaction", false) > muted) {
      content.withObject("events").put("m.reaction", muted);
    }
    client.rooms().sendState(room, PL, "", content);
    log.info("welcome: muted {} in {} until they agree to the rules", user, room);
    return true;
  }

  /** Notes the rules message and schedules the kick for {@code challenge_timeout} after {@code joined}. */
  void started(RoomId room, UserId user, EventId rules, Instant joined) {
    ObjectNode record = (ObjectNode) read(room, user).orElseGet(JSON::createObjectNode);
    String action = actions.schedule(TIMEOUT, Map.of("room", room.value(), "user", user.value()),
        joined.plus(settings.challengeTimeout()));
    record.put("rules", rules == null ? null : rules.value()).put("action", action);
    store.put(key(room, user), record.toString());
  }

  /** The challenge {@code user} has pending in {@code room}. */
  Optional<Pending> pending(RoomId room, UserId user) {
    return read(room, user).filter(r -> r.path("state").asText().equals("pending"))
        .map(r -> new Pending(room, user, r.hasNonNull("rules") ? EventId.of(r.get("rules").asText()) : null,
            r.get("previous"), r.path("action").asText(null)));
  }

  /** Every challenge {@code user} has pending, in any room. */
  List<Pending> pendingFor(UserId user) {
    List<Pending> out = new ArrayList<>();
    String suffix = " " + user.value();
    store.all().keySet().stream().filter(k -> k.endsWith(suffix))
        .forEach(k -> pending(RoomId.of(k.substring(0, k.length() - suffix.length())), user).ifPresent(out::add));
    return out;
  }

  /** The member agreed: cancels the kick, restores their level, remembers the agreement for good. */
  void agreed(MatrixClient client, Pending p) {
    cancel(p);
    restore(client, p);
    store.put(key(p.room(), p.user()), JSON.createObjectNode().put("state", "agreed").toString());
    log.info("welcome: {} agreed to the rules of {}", p.user(), p.room());
  }

  /** The member left while challenged: no kick, their level back as it was, a fresh challenge if they return. */
  void left(MatrixClient client, RoomId room, UserId user) {
    Optional<Pending> p = pending(room, user);
    if (p.isPresent()) {
      cancel(p.get());
      restore(client, p.get());
      store.delete(key(room, user));
    }
  }

  private void timeout(MatrixClient client, RoomId room, UserId user) {
    Optional<Pending> p = pending(room, user);
    if (p.isEmpty()) {
      return; // agreed or left meanwhile
    }
    try {
      client.rooms().kick(room, user, settings.challengeKickReason());
      log.info("welcome: kicked {} from {}: no agreement to the rules within {}", user, room,
          settings.challengeTimeout());
    } catch (MatrixException e) {
      // Gone already, or the bot lost its power: restoring the level below still matters.
      log.warn("welcome: could not kick {} from {} after the rules challenge: {}", user, room, e.getMessage());
    }
    // The bot's own kick never reaches its handlers: note the leave here.
    arrivals.left(room, user, Instant.now());
    restore(client, p.get());
    store.delete(key(room, user));
  }

  private void cancel(Pending p) {
    if (p.action() != null) {
      actions.cancel(p.action());
    }
  }

  /** Puts back the level from before the mute, unless a moderator has changed it since (then it is theirs). */
  private void restore(MatrixClient client, Pending p) {
    PowerLevels pl = client.rooms().powerLevels(p.room());
    if (pl.userLevel(p.user()) >= pl.eventsDefault()) {
      return;
    }
    ObjectNode content = pl.content().deepCopy();
    if (p.previousLevel() == null || p.previousLevel().isNull()) {
      content.withObject("users").remove(p.user().value());
    } else {
      content.withObject("users").set(p.user().value(), p.previousLevel());
    }
    client.rooms().sendState(p.room(), PL, "", content);
  }

  private Optional<JsonNode> read(RoomId room, UserId user) {
    return store.get(key(room, user)).flatMap(v -> {
      try {
        return Optional.of(JSON.readTree(v));
      } catch (JsonProcessingException e) {
        log.warn("welcome: ignoring an unreadable challenge record for {} in {}", user, room);
        return Optional.empty();
      }
    });
  }

  private static String key(RoomId room, UserId user) {
    Objects.requireNonNull(room, "room");
    return room.value() + " " + Objects.requireNonNull(user, "user").value();
  }
}

package dev.steward.client.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.UserId;
import dev.steward.client.internal.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A room's {@code m.room.power_levels} content, with the spec's defaults for missing fields. Immutable: the
 * {@code with…} methods return a changed copy to send back.
 *
 * @param content the raw content
 */
public record PowerLevels(JsonNode content) {
  /** The levels a room has when it has no power-levels event at all (creator 100 is not represented here). */
  public static final PowerLevels EMPTY = new PowerLevels(Json.mapper().createObjectNode());

  public PowerLevels {
    content = content == null ? Json.mapper().createObjectNode() : content.deepCopy();
  }

  /** A user's level: their entry in {@code users}, else {@code users_default}. */
  public long userLevel(UserId user) {
    JsonNode n = content.path("users").get(user.value());
    return n != null && n.canConvertToLong() ? n.asLong() : level("users_default", 0);
  }

  /** Users with an explicit level, highest first. */
  public Map<UserId, Long> users() {
    Map<UserId, Long> out = new LinkedHashMap<>();
    content.path("users").fields().forEachRemaining(e -> {
      try {
        out.put(UserId.of(e.getKey()), e.getValue().asLong());
      } catch (IllegalArgumentException ignored) {
        // A malformed key in someone else's event: it can grant nothing to a valid id, so leave it out.
      }
    });
    Map<UserId, Long> sorted = new LinkedHashMap<>();
    out.entrySet().stream().sorted(Map.Entry.<UserId, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return Collections.unmodifiableMap(sorted);
  }

  public long usersDefault() {
    return level("users_default", 0);
  }

  public long eventsDefault() {
    return level("events_default", 0);
  }

  public long stateDefault() {
    return level("state_default", 50);
  }

  public long ban() {
    return level("ban", 50);
  }

  public long kick() {
    return level("kick", 50);
  }

  public long redact() {
    return level("redact", 50);
  }

  public long invite() {
    return level("invite", 0);
  }

  /** The level needed to send an event of {@code type}: its entry in {@code events}, else the state/event default. */
  public long eventLevel(String type, boolean state) {
    JsonNode n = content.path("events").get(type);
    return n != null && n.canConvertToLong() ? n.asLong() : state ? stateDefault() : eventsDefault();
  }

  /** A copy with {@code user} at {@code level} (removing the entry when it equals users_default). */
  public PowerLevels withUserLevel(UserId user, long level) {
    ObjectNode copy = content.deepCopy();
    ObjectNode users = copy.has("users") && copy.get("users").isObject() ? (ObjectNode) copy.get("users")
        : copy.putObject("users");
    if (level == usersDefault()) {
      users.remove(user.value());
    } else {
      users.put(user.value(), level);
    }
    return new PowerLevels(copy);
  }

  /** A copy with a top-level field (e.g. {@code events_default}) set. */
  public PowerLevels with(String field, long level) {
    ObjectNode copy = content.deepCopy();
    copy.put(field, level);
    return new PowerLevels(copy);
  }

  private long level(String field, long dflt) {
    JsonNode n = content.get(field);
    return n != null && n.canConvertToLong() ? n.asLong() : dflt;
  }
}

package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import dev.steward.client.model.NotificationMode;
import dev.steward.client.model.RoomTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The logged-in user's own view of rooms: tags (favourite, low priority, custom) and per-room notification mode.
 * Both live in the user's account data, so other users never see them.
 */
public final class RoomTags {
  private final MatrixClient client;
  private final Http http;

  RoomTags(MatrixClient client) {
    this.client = client;
    this.http = client.http();
  }

  /** The room's tags for this user. */
  public List<RoomTag> tags(RoomId room) {
    JsonNode r = http.json("GET", tagsUrl(room), null, CallOptions.SAFE, JsonNode.class);
    return parseTags(r.path("tags"));
  }

  /** Reads tags from the content of an {@code m.tag} account data event (or a {@code /tags} answer's "tags"). */
  public static List<RoomTag> parseTags(JsonNode tags) {
    List<RoomTag> out = new ArrayList<>();
    tags.fields().forEachRemaining(e -> {
      JsonNode order = e.getValue().get("order");
      out.add(new RoomTag(e.getKey(), order != null && order.isNumber() ? order.asDouble() : null));
    });
    return out;
  }

  /** Tags the room; {@code order} (0 to 1, or null) sorts it among rooms with the same tag. */
  public void tag(RoomId room, String tag, Double order) {
    Objects.requireNonNull(tag, "tag");
    ObjectNode body = Json.mapper().createObjectNode();
    if (order != null) {
      body.put("order", order);
    }
    http.json("PUT", tagsUrl(room).newBuilder().addPathSegment(tag).build(), body, CallOptions.SAFE, Void.class);
  }

  /** Removes a tag from the room (no error when it was not there). */
  public void untag(RoomId room, String tag) {
    Objects.requireNonNull(tag, "tag");
    http.json("DELETE", tagsUrl(room).newBuilder().addPathSegment(tag).build(), null, CallOptions.SAFE, Void.class);
  }

  /** Marks the room as a favourite. */
  public void favourite(RoomId room) {
    tag(room, RoomTag.FAVOURITE, null);
  }

  /** Marks the room as low priority, which clients show last or hide. */
  public void lowPriority(RoomId room) {
    tag(room, RoomTag.LOW_PRIORITY, null);
  }

  /** The user's notification mode for the room, read from the server's current push rules. */
  public NotificationMode notificationMode(RoomId room) {
    Objects.requireNonNull(room, "room");
    return modeIn(http.json("GET", http.v3(null, "pushrules", ""), null, CallOptions.SAFE, JsonNode.class), room);
  }

  /**
   * The mode a push rule set gives the room: a {@code /pushrules/} answer or an {@code m.push_rules} account data
   * content. A rule counts only when enabled and without a {@code notify} action.
   */
  public static NotificationMode modeIn(JsonNode ruleset, RoomId room) {
    Objects.requireNonNull(room, "room");
    JsonNode global = ruleset.path("global");
    if (silences(global.path("override"), room)) {
      return NotificationMode.MUTE;
    }
    return silences(global.path("room"), room) ? NotificationMode.MENTIONS_ONLY : NotificationMode.ALL;
  }

  private static boolean silences(JsonNode rules, RoomId room) {
    for (JsonNode rule : rules) {
      if (room.value().equals(rule.path("rule_id").asText()) && rule.path("enabled").asBoolean(true)) {
        for (JsonNode action : rule.path("actions")) {
          if ("notify".equals(action.asText())) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  /**
   * Sets the notification mode: mute is an {@code override} rule matching the room's events, mentions-only a
   * {@code room} rule, both with no actions (the spec's form since v1.7; older servers wanted {@code dont_notify});
   * all removes both.
   */
  public void setNotificationMode(RoomId room, NotificationMode mode) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(mode, "mode");
    switch (mode) {
      case ALL -> {
        deleteRule("override", room);
        deleteRule("room", room);
      }
      case MENTIONS_ONLY -> {
        deleteRule("override", room);
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("actions");
        putRule("room", room, body);
      }
      case MUTE -> {
        deleteRule("room", room);
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("actions");
        body.putArray("conditions").addObject().put("kind", "event_match").put("key", "room_id")
            .put("pattern", room.value());
        putRule("override", room, body);
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  private void putRule(String kind, RoomId room, ObjectNode body) {
    http.json("PUT", http.v3(null, "pushrules", "global", kind, room.value()), body, CallOptions.SAFE, Void.class);
  }

  private void deleteRule(String kind, RoomId room) {
    try {
      http.json("DELETE", http.v3(null, "pushrules", "global", kind, room.value()), null, CallOptions.SAFE,
          Void.class);
    } catch (MatrixException e) {
      // Absent already is what we wanted.
      if (e.code() != ErrorCode.M_NOT_FOUND) {
        throw e;
      }
    }
  }

  private okhttp3.HttpUrl tagsUrl(RoomId room) {
    Objects.requireNonNull(room, "room");
    return http.v3(null, "user", client.userId().value(), "rooms", room.value(), "tags");
  }
}

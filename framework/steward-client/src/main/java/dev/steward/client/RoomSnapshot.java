package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.model.PowerLevels;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A room's full current state ({@code GET /rooms/{id}/state}) read once, with the questions moderation asks of it:
 * who created the room, what power a user has, who is joined or invited.
 */
final class RoomSnapshot {
  private final RoomId room;
  private final JsonNode events;

  private RoomSnapshot(RoomId room, JsonNode events) {
    this.room = room;
    this.events = events;
  }

  /** Reads the state; a missing or invisible room becomes {@link RoomException.Reason#NOT_FOUND}. */
  static RoomSnapshot load(Http http, RoomId room) {
    // The client's error translator types a refusal (RoomErrors): nothing to catch here.
    return new RoomSnapshot(room,
        http.json("GET", http.v3(null, "rooms", room.value(), "state"), null, CallOptions.SAFE, JsonNode.class));
  }

  /** The room this is the state of. */
  RoomId room() {
    return room;
  }

  /** The raw array of state events. */
  JsonNode events() {
    return events;
  }

  /** The whole state event of this type and key. */
  Optional<JsonNode> event(String type, String stateKey) {
    for (JsonNode e : events) {
      if (type.equals(e.path("type").asText()) && stateKey.equals(e.path("state_key").asText(null))) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The room's creators: the create event's sender (or its {@code creator} field) and {@code additional_creators}. */
  Set<UserId> creators() {
    Set<UserId> out = new LinkedHashSet<>();
    event("m.room.create", "").ifPresent(e -> {
      String creator = e.path("content").path("creator").asText(e.path("sender").asText(null));
      if (creator != null) {
        out.add(UserId.of(creator));
      }
      e.path("content").path("additional_creators").forEach(c -> out.add(UserId.of(c.asText())));
    });
    return out;
  }

  PowerLevels powerLevels() {
    return event("m.room.power_levels", "").map(e -> new PowerLevels(e.path("content"))).orElse(PowerLevels.EMPTY);
  }

  /**
   * A user's effective power: from version 12 on, creators outrank everyone and are not listed in the power levels,
   * so they count as {@link Long#MAX_VALUE}.
   */
  long level(UserId user) {
    if (creatorsArePrivileged() && creators().contains(user)) {
      return Long.MAX_VALUE;
    }
    return powerLevels().userLevel(user);
  }

  private boolean creatorsArePrivileged() {
    String version = event("m.room.create", "").map(e -> e.path("content").path("room_version").asText("1"))
        .orElse("1");
    try {
      return Integer.parseInt(version) >= 12;
    } catch (NumberFormatException e) {
      return false; // an experimental version string: assume the classic rules
    }
  }

  /** Users whose membership is one of {@code memberships} ({@code join}, {@code invite}…). */
  List<UserId> members(String... memberships) {
    List<UserId> out = new ArrayList<>();
    for (JsonNode e : events) {
      if ("m.room.member".equals(e.path("type").asText())) {
        String m = e.path("content").path("membership").asText("");
        for (String wanted : memberships) {
          if (wanted.equals(m)) {
            out.add(UserId.of(e.path("state_key").asText()));
          }
        }
      }
    }
    return out;
  }

  /** Refuses with {@link RoomException.Reason#FORBIDDEN} unless {@code user} may send state of {@code type}. */
  void requireCanSendState(UserId user, String type, String action) {
    long needed = powerLevels().eventLevel(type, true);
    long have = level(user);
    if (have < needed) {
      throw RoomException.refused(RoomException.Reason.FORBIDDEN, room,
          "cannot " + action + ": needs power level " + needed + " to send " + type + ", " + user + " has " + have,
          needed);
    }
  }
}

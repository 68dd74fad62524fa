package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import dev.steward.client.model.CreateRoomRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Direct chats with one user, kept in the account's {@code m.direct} data the way Matrix clients do: get-or-create
 * reuses a live DM, a new one is added to {@code m.direct} without dropping the other entries.
 */
public final class DirectMessages {
  private static final String DIRECT = "m.direct";

  private final MatrixClient client;
  private final Http http;

  DirectMessages(MatrixClient client, Http http) {
    this.client = client;
    this.http = http;
  }

  /**
   * The DM with {@code user}: an existing one from {@code m.direct} where this account is joined and the user is
   * joined or invited, else a new {@code trusted_private_chat} with {@code is_direct} that invites them. Two
   * processes calling this at the same moment for the same user may each create a room; both end up in
   * {@code m.direct}.
   */
  public RoomId getOrCreate(UserId user) {
    Objects.requireNonNull(user, "user");
    if (user.equals(client.userId())) {
      throw new IllegalArgumentException("cannot open a direct chat with oneself (" + user + ")");
    }
    Set<RoomId> joined = new HashSet<>(client.rooms().joined());
    for (RoomId room : directRooms().getOrDefault(user, List.of())) {
      if (joined.contains(room) && partnerPresent(room, user)) {
        return room;
      }
    }
    RoomId room = client.rooms().create(CreateRoomRequest.builder()
        .preset(CreateRoomRequest.Preset.TRUSTED_PRIVATE_CHAT).direct(true).invite(user).build());
    remember(user, room);
    return room;
  }

  /** The DM rooms with {@code user} that this account is still joined to, as listed in {@code m.direct}. */
  public List<RoomId> sharedWith(UserId user) {
    Objects.requireNonNull(user, "user");
    Set<RoomId> joined = new HashSet<>(client.rooms().joined());
    return directRooms().getOrDefault(user, List.of()).stream().filter(joined::contains).toList();
  }

  /** The whole {@code m.direct} map: each user and their DM rooms (entries that are not valid ids are skipped). */
  public Map<UserId, List<RoomId>> directRooms() {
    Map<UserId, List<RoomId>> out = new LinkedHashMap<>();
    read().fields().forEachRemaining(e -> {
      try {
        UserId u = UserId.of(e.getKey());
        List<RoomId> rooms = new ArrayList<>();
        e.getValue().forEach(r -> {
          if (r.isTextual()) {
            try {
              rooms.add(RoomId.of(r.asText()));
            } catch (IllegalArgumentException ignored) {
              // Another client wrote a bad room id: it names no room we could use.
            }
          }
        });
        out.put(u, List.copyOf(rooms));
      } catch (IllegalArgumentException ignored) {
        // A key that is not a user id is another client's data: kept on write, not offered here.
      }
    });
    return out;
  }

  /** Whether {@code room} is listed as a DM in {@code m.direct}. */
  public boolean isDirect(RoomId room) {
    Objects.requireNonNull(room, "room");
    return partnerOf(room).isPresent();
  }

  /** The user a DM room is with, according to {@code m.direct}. */
  public Optional<UserId> partnerOf(RoomId room) {
    Objects.requireNonNull(room, "room");
    return directRooms().entrySet().stream().filter(e -> e.getValue().contains(room)).map(Map.Entry::getKey)
        .findFirst();
  }

  /**
   * Invites {@code user} to a room, refusing with {@link RoomException.Reason#INVALID_FOR_ROOM_TYPE} when the room is
   * a DM with someone else: a direct chat stays between two people. The same as {@link Rooms#invite(RoomId, UserId)},
   * which refuses alike.
   */
  public void invite(RoomId room, UserId user) {
    client.rooms().invite(room, user);
  }

  private boolean partnerPresent(RoomId room, UserId user) {
    try {
      String m = client.rooms().state(room, "m.room.member", user.value())
          .map(c -> c.path("membership").asText("")).orElse("");
      return m.equals("join") || m.equals("invite");
    } catch (MatrixException e) {
      if (e.code() == ErrorCode.M_FORBIDDEN || e.status() == 404) {
        return false; // we cannot see the room any more: not a usable DM
      }
      throw e;
    }
  }

  /** Adds {@code room} to {@code user}'s list, re-reading first so entries written meanwhile are kept. */
  private void remember(UserId user, RoomId room) {
    ObjectNode direct = read();
    JsonNode existing = direct.get(user.value());
    ArrayNode list = existing != null && existing.isArray() ? (ArrayNode) existing : direct.putArray(user.value());
    for (JsonNode r : list) {
      if (room.value().equals(r.asText())) {
        return;
      }
    }
    list.add(room.value());
    http.json("PUT", accountDataUrl(), direct, CallOptions.SAFE, Void.class);
  }

  private ObjectNode read() {
    try {
      JsonNode n = http.json("GET", accountDataUrl(), null, CallOptions.SAFE, JsonNode.class);
      return n != null && n.isObject() ? (ObjectNode) n : Json.mapper().createObjectNode();
    } catch (MatrixException e) {
      if (e.code() == ErrorCode.M_NOT_FOUND) {
        return Json.mapper().createObjectNode();
      }
      throw e;
    }
  }

  private okhttp3.HttpUrl accountDataUrl() {
    return http.v3(null, "user", client.userId().value(), "account_data", DIRECT);
  }
}

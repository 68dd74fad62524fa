package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import dev.steward.client.model.AdminRoom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * What a Synapse server admin may do beyond a room member: put a user into a room without their consent, and see
 * rooms the admin is not in. Both go through Synapse's admin API; for an account that is not a server admin Synapse
 * refuses with {@code M_FORBIDDEN}, which surfaces as a {@link RoomException} ({@code FORBIDDEN}) for the join and a
 * {@link MatrixException} with that errcode for the list. Other servers have no such API (HTTP 404).
 */
public final class ServerAdmin {
  private static final int PAGE = 100;

  private final MatrixClient client;
  private final Http http;

  ServerAdmin(MatrixClient client, Http http) {
    this.client = client;
    this.http = http;
  }

  /**
   * Joins {@code user} (a local user) to {@code room} without an invite or their consent; the admin must be able to
   * invite to a room that is not public (Synapse joins with the admin's invite). Returns the room id.
   */
  public RoomId joinUser(RoomId room, UserId user) {
    Objects.requireNonNull(room, "room");
    return join(room.value(), user);
  }

  /** As {@link #joinUser(RoomId, UserId)}, for a room known by its alias. */
  public RoomId joinUser(RoomAlias alias, UserId user) {
    Objects.requireNonNull(alias, "alias");
    return join(alias.value(), user);
  }

  private RoomId join(String idOrAlias, UserId user) {
    Objects.requireNonNull(user, "user");
    ObjectNode body = Json.mapper().createObjectNode().put("user_id", user.value());
    JsonNode r = http.json("POST", http.url("_synapse", "admin", "v1", "join", idOrAlias), body, CallOptions.SAFE,
        JsonNode.class);
    return RoomId.of(r.path("room_id").asText(null));
  }

  /** Every room on the server (all pages of the admin room list), whether or not the admin is in it. */
  public List<AdminRoom> rooms() {
    List<AdminRoom> out = new ArrayList<>();
    long from = 0;
    while (true) {
      HttpUrl url = http.url("_synapse", "admin", "v1", "rooms").newBuilder()
          .addQueryParameter("from", Long.toString(from)).addQueryParameter("limit", Integer.toString(PAGE)).build();
      JsonNode page = http.json("GET", url, null, CallOptions.SAFE, JsonNode.class);
      for (JsonNode r : page.path("rooms")) {
        String id = r.path("room_id").asText("");
        if (id.startsWith("!")) {
          out.add(new AdminRoom(RoomId.of(id), Directory.textOrNull(r, "name"),
              Directory.textOrNull(r, "canonical_alias"), r.path("joined_members").asLong(0),
              r.path("joined_local_members").asLong(0), Directory.textOrNull(r, "creator"),
              Directory.textOrNull(r, "join_rules"), r.path("public").asBoolean(false),
              Directory.textOrNull(r, "room_type")));
        }
      }
      JsonNode next = page.get("next_batch");
      if (next == null || !next.canConvertToLong() || next.asLong() <= from) {
        return out;
      }
      from = next.asLong();
    }
  }

  /** The rooms on the server the admin is not in (what a member-only view cannot see). */
  public List<AdminRoom> roomsNotJoined() {
    List<AdminRoom> all = rooms();
    Set<RoomId> joined = new HashSet<>(client.rooms().joined());
    return all.stream().filter(r -> !joined.contains(r.roomId())).toList();
  }
}

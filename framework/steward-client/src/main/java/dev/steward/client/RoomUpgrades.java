package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import dev.steward.client.model.Membership;
import dev.steward.client.model.RoomMember;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Room version upgrades: replacing a room with a new one, and following the tombstone an upgrade leaves behind. */
public final class RoomUpgrades {
  private static final int MAX_HOPS = 32;

  private final MatrixClient client;
  private final Http http;

  RoomUpgrades(MatrixClient client) {
    this.client = client;
    this.http = client.http();
  }

  /**
   * Upgrades the room to {@code newVersion}: the server creates the replacement room, copies the state and
   * tombstones the old one. Returns the replacement's id. Needs the power to send {@code m.room.tombstone}.
   */
  public RoomId upgrade(RoomId room, String newVersion) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(newVersion, "newVersion");
    JsonNode r = http.json("POST", http.v3(null, "rooms", room.value(), "upgrade"),
        Json.mapper().createObjectNode().put("new_version", newVersion), CallOptions.UNSAFE, JsonNode.class);
    return RoomId.of(r.path("replacement_room").asText(null));
  }

  /**
   * The outcome of an upgrade that invites the old room's members.
   *
   * @param replacement the new room
   * @param invited the members invited to it
   * @param notInvited members whose invite the server refused, with its errcode and message
   */
  public record Upgraded(RoomId replacement, List<UserId> invited, Map<UserId, String> notInvited) {
    public Upgraded {
      Objects.requireNonNull(replacement, "replacement");
      invited = List.copyOf(invited);
      notInvited = Collections.unmodifiableMap(new LinkedHashMap<>(notInvited));
    }
  }

  /**
   * Upgrades the room as {@link #upgrade(RoomId, String)} does and, with {@code inviteMembers}, invites its joined
   * and invited members (read before the upgrade; the user itself left out) to the replacement, as clients expect.
   * One refused invite does not stop the others: it is listed in {@link Upgraded#notInvited()}.
   */
  public Upgraded upgrade(RoomId room, String newVersion, boolean inviteMembers) {
    Objects.requireNonNull(room, "room");
    List<UserId> members = new ArrayList<>();
    if (inviteMembers) {
      UserId me = client.userId();
      client.rooms().members(room).stream()
          .filter(m -> m.membership() == Membership.JOIN || m.membership() == Membership.INVITE)
          .map(RoomMember::userId).filter(u -> !u.equals(me)).forEach(members::add);
    }
    RoomId replacement = upgrade(room, newVersion);
    List<UserId> invited = new ArrayList<>();
    Map<UserId, String> refused = new LinkedHashMap<>();
    for (UserId u : members) {
      try {
        client.rooms().membership(replacement, "invite", u, null, CallOptions.UNSAFE);
        invited.add(u);
      } catch (MatrixException e) {
        refused.put(u, e.errcode() == null ? e.getMessage() : e.errcode() + ": " + e.error());
      }
    }
    return new Upgraded(replacement, invited, refused);
  }

  /** The room that replaced this one, from its {@code m.room.tombstone}; empty when the room was not replaced. */
  public Optional<RoomId> replacement(RoomId room) {
    return client.rooms().state(room, "m.room.tombstone", "")
        .map(c -> c.get("replacement_room"))
        .filter(JsonNode::isTextual)
        .map(n -> RoomId.of(n.asText()));
  }

  /**
   * Follows tombstones from {@code room} to the newest room of the chain (the room itself when never upgraded);
   * reading each room's state needs the user to be (or have been) in it.
   */
  public RoomId latest(RoomId room) {
    Objects.requireNonNull(room, "room");
    Set<RoomId> seen = new HashSet<>();
    RoomId current = room;
    while (seen.add(current)) {
      Optional<RoomId> next = replacement(current);
      if (next.isEmpty()) {
        return current;
      }
      if (seen.size() >= MAX_HOPS) {
        throw new IllegalStateException("more than " + MAX_HOPS + " tombstones from " + room.value());
      }
      current = next.get();
    }
    throw new IllegalStateException("tombstones from " + room.value() + " form a loop at " + current.value());
  }
}

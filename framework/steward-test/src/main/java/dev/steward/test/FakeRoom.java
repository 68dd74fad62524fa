package dev.steward.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A room on the {@link FakeHomeserver}: its members, power levels and state. Filling it (adding members, changing
 * levels) also pushes the matching events, so a running bot sees the change as it would on a real server.
 */
public final class FakeRoom {
  private final FakeHomeserver hs;
  private final RoomId id;
  private final Map<UserId, String> membership = new LinkedHashMap<>();
  private final Map<UserId, String> names = new LinkedHashMap<>();
  private final Map<String, JsonNode> state = new LinkedHashMap<>();

  FakeRoom(FakeHomeserver hs, RoomId id) {
    this.hs = hs;
    this.id = id;
    ObjectNode levels = JsonNodeFactory.instance.objectNode();
    levels.putObject("users");
    levels.put("users_default", 0).put("events_default", 0).put("state_default", 50).put("ban", 50)
        .put("kick", 50).put("redact", 50).put("invite", 0);
    state.put(key("m.room.power_levels", ""), levels);
  }

  /** The room's id. */
  public RoomId id() {
    return id;
  }

  /** Makes {@code user} a joined member with a display name (pushes their join). */
  public FakeRoom member(UserId user, String displayName) {
    Objects.requireNonNull(user, "user");
    hs.membershipEvent(this, user, user, "join", displayName, null);
    return this;
  }

  /** Makes {@code user} a joined member without a display name. */
  public FakeRoom member(UserId user) {
    return member(user, null);
  }

  /** Sets a user's power level (pushes an {@code m.room.power_levels} event). */
  public FakeRoom powerLevel(UserId user, int level) {
    Objects.requireNonNull(user, "user");
    ObjectNode levels = powerLevels().deepCopy();
    levels.withObject("users").put(user.value(), level);
    hs.state(hs.bot(), id, "m.room.power_levels", "", levels);
    return this;
  }

  /** The current {@code m.room.power_levels} content. */
  public synchronized ObjectNode powerLevels() {
    return (ObjectNode) state.get(key("m.room.power_levels", "")).deepCopy();
  }

  /** A user's membership: join, invite, leave, ban, or empty when they never had one. */
  public synchronized Optional<String> membership(UserId user) {
    return Optional.ofNullable(membership.get(user));
  }

  /** Whether {@code user} is joined. */
  public boolean isJoined(UserId user) {
    return membership(user).filter("join"::equals).isPresent();
  }

  /** The joined members and their display names (null when they have none), in join order. */
  public synchronized Map<UserId, String> joinedMembers() {
    Map<UserId, String> out = new LinkedHashMap<>();
    membership.forEach((u, m) -> {
      if (m.equals("join")) {
        out.put(u, names.get(u));
      }
    });
    return out;
  }

  /** The content of a state event, if set. */
  public synchronized Optional<JsonNode> state(String type, String stateKey) {
    return Optional.ofNullable(state.get(key(type, stateKey))).map(JsonNode::deepCopy);
  }

  /** Every state event's type, state key and content, in the order first set. */
  synchronized java.util.List<java.util.Map.Entry<String[], JsonNode>> allState() {
    java.util.List<java.util.Map.Entry<String[], JsonNode>> out = new java.util.ArrayList<>();
    state.forEach((k, v) -> out.add(java.util.Map.entry(k.split("\u0000", 2), v.deepCopy())));
    return out;
  }

  synchronized void applyState(String type, String stateKey, JsonNode content) {
    state.put(key(type, stateKey), content.deepCopy());
    if (type.equals("m.room.member")) {
      UserId user = UserId.of(stateKey);
      membership.put(user, content.path("membership").asText());
      JsonNode name = content.get("displayname");
      if (name != null && name.isTextual()) {
        names.put(user, name.asText());
      }
    }
  }

  synchronized long level(UserId user) {
    JsonNode levels = state.get(key("m.room.power_levels", ""));
    JsonNode n = levels.path("users").get(user.value());
    return n != null ? n.asLong() : levels.path("users_default").asLong(0);
  }

  synchronized long required(String action) {
    return state.get(key("m.room.power_levels", "")).path(action).asLong(50);
  }

  private static String key(String type, String stateKey) {
    return type + "\u0000" + stateKey;
  }
}

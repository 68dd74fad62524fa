package dev.steward.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
  /** The whole state events, for {@code GET /rooms/{id}/state}. */
  private final Map<String, ObjectNode> stateEvents = new LinkedHashMap<>();
  /** Every event pushed to the room, oldest first, for {@code GET /rooms/{id}/messages}. */
  private final List<ObjectNode> timeline = new ArrayList<>();

  FakeRoom(FakeHomeserver hs, RoomId id) {
    this.hs = hs;
    this.id = id;
    ObjectNode levels = JsonNodeFactory.instance.objectNode();
    levels.putObject("users");
    levels.put("users_default", 0).put("events_default", 0).put("state_default", 50).put("ban", 50)
        .put("kick", 50).put("redact", 50).put("invite", 0);
    state.put(key("m.room.power_levels", ""), levels);
    ObjectNode initial = FakeHomeserver.event("m.room.power_levels", hs.bot(), levels.deepCopy())
        .put("state_key", "").put("event_id", "$initial-levels-" + Integer.toHexString(id.value().hashCode()) + ":test")
        .put("origin_server_ts", System.currentTimeMillis());
    stateEvents.put(key("m.room.power_levels", ""), initial);
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

  /**
   * Makes the room encrypted ({@code m.room.encryption} with Megolm, set by the bot's account as the fake's state
   * events are): a bot with encryption on encrypts what it sends here, and {@link EncryptedUser}s speak encrypted.
   */
  public FakeRoom encrypted() {
    hs.state(hs.bot(), id, "m.room.encryption", "",
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
            .put("algorithm", "m.megolm.v1.aes-sha2"));
    return this;
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

  /** Records a pushed event (ids and time filled in) in the timeline, and in the state when it is a state event. */
  synchronized void apply(ObjectNode event) {
    timeline.add(event.deepCopy());
    if (event.has("state_key")) {
      stateEvents.put(key(event.path("type").asText(), event.path("state_key").asText()), event.deepCopy());
      applyState(event.path("type").asText(), event.path("state_key").asText(), event.path("content"));
    }
  }

  /** Every current state event, whole. */
  synchronized ArrayNode stateEvents() {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    stateEvents.values().forEach(e -> out.add(e.deepCopy()));
    return out;
  }

  /** A copy of the timeline, oldest first. */
  synchronized List<ObjectNode> timeline() {
    return timeline.stream().map(ObjectNode::deepCopy).toList();
  }

  private void applyState(String type, String stateKey, JsonNode content) {
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

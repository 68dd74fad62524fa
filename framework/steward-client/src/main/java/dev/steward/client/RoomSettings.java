package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import dev.steward.client.model.CanonicalAlias;
import dev.steward.client.model.HistoryVisibility;
import dev.steward.client.model.JoinRule;
import dev.steward.client.model.PowerLevels;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SettingsUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A room's metadata and settings: name, topic, avatar, aliases, join rules, history visibility, guest access, the
 * user's nickname in the room, and the full state. Each setting is a state event, so changing one needs the power
 * level the room asks for that event type.
 */
public final class RoomSettings {
  private final MatrixClient client;
  private final Http http;

  RoomSettings(MatrixClient client) {
    this.client = client;
    this.http = client.http();
  }

  /** The room's name, or empty when it has none. */
  public Optional<String> name(RoomId room) {
    return text(room, "m.room.name", "name");
  }

  /** Sets the room's name (an empty name removes it). */
  public EventId setName(RoomId room, String name) {
    Objects.requireNonNull(name, "name");
    return put(room, "m.room.name", obj().put("name", name));
  }

  /** The room's topic, or empty when it has none. */
  public Optional<String> topic(RoomId room) {
    return text(room, "m.room.topic", "topic");
  }

  /** Sets the room's topic. */
  public EventId setTopic(RoomId room, String topic) {
    Objects.requireNonNull(topic, "topic");
    return put(room, "m.room.topic", obj().put("topic", topic));
  }

  /** The room avatar's {@code mxc://} URL, or empty when it has none. */
  public Optional<String> avatar(RoomId room) {
    return text(room, "m.room.avatar", "url");
  }

  /** Sets the room avatar to an {@code mxc://} URL of an uploaded image. */
  public EventId setAvatar(RoomId room, String mxcUrl) {
    Objects.requireNonNull(mxcUrl, "mxcUrl");
    if (!mxcUrl.startsWith("mxc://")) {
      throw new IllegalArgumentException("avatar must be an mxc:// URL, got '" + mxcUrl + "'");
    }
    return put(room, "m.room.avatar", obj().put("url", mxcUrl));
  }

  /** The room's published aliases (empty ones when it has none). */
  public CanonicalAlias canonicalAlias(RoomId room) {
    Optional<JsonNode> c = client.rooms().state(room, "m.room.canonical_alias", "");
    if (c.isEmpty()) {
      return new CanonicalAlias(Optional.empty(), List.of());
    }
    JsonNode alias = c.get().get("alias");
    List<RoomAlias> alt = new ArrayList<>();
    c.get().path("alt_aliases").forEach(a -> alt.add(RoomAlias.of(a.asText())));
    return new CanonicalAlias(alias != null && alias.isTextual() ? Optional.of(RoomAlias.of(alias.asText()))
        : Optional.empty(), alt);
  }

  /**
   * Publishes the room's main alias (or none, when null) and alternatives; each must already point at the room
   * (see {@link #createAlias}).
   */
  public EventId setCanonicalAlias(RoomId room, RoomAlias alias, List<RoomAlias> altAliases) {
    Objects.requireNonNull(altAliases, "altAliases");
    ObjectNode content = obj();
    if (alias != null) {
      content.put("alias", alias.value());
    }
    if (!altAliases.isEmpty()) {
      ArrayNode alt = content.putArray("alt_aliases");
      altAliases.forEach(a -> alt.add(a.value()));
    }
    return put(room, "m.room.canonical_alias", content);
  }

  /** Removes the room's published aliases (the aliases themselves keep resolving until deleted). */
  public EventId clearCanonicalAlias(RoomId room) {
    return put(room, "m.room.canonical_alias", obj());
  }

  /** Makes an alias on the user's server point at the room. */
  public void createAlias(RoomAlias alias, RoomId room) {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(room, "room");
    http.json("PUT", http.v3(null, "directory", "room", alias.value()), obj().put("room_id", room.value()),
        CallOptions.UNSAFE, Void.class);
  }

  /** Deletes an alias (its creator or a room moderator may). */
  public void deleteAlias(RoomAlias alias) {
    Objects.requireNonNull(alias, "alias");
    http.json("DELETE", http.v3(null, "directory", "room", alias.value()), null, CallOptions.UNSAFE, Void.class);
  }

  /** The room's join rule, or empty when it has none or one this client does not know. */
  public Optional<JoinRule> joinRule(RoomId room) {
    return text(room, "m.room.join_rules", "join_rule").flatMap(JoinRule::fromWire);
  }

  /** Sets the join rule; use {@link #setRestricted} for the restricted rules, which need allowed rooms. */
  public EventId setJoinRule(RoomId room, JoinRule rule) {
    Objects.requireNonNull(rule, "rule");
    return put(room, "m.room.join_rules", obj().put("join_rule", rule.wire()));
  }

  /** Lets members of the given rooms (or spaces) join; with {@code knock}, others may knock as well. */
  public EventId setRestricted(RoomId room, List<RoomId> allowedFrom, boolean knock) {
    Objects.requireNonNull(allowedFrom, "allowedFrom");
    ObjectNode content = obj().put("join_rule", (knock ? JoinRule.KNOCK_RESTRICTED : JoinRule.RESTRICTED).wire());
    ArrayNode allow = content.putArray("allow");
    allowedFrom.forEach(r -> allow.addObject().put("type", "m.room_membership").put("room_id", r.value()));
    return put(room, "m.room.join_rules", content);
  }

  /** Who may read the room's history, or empty when unset or unknown. */
  public Optional<HistoryVisibility> historyVisibility(RoomId room) {
    return text(room, "m.room.history_visibility", "history_visibility").flatMap(HistoryVisibility::fromWire);
  }

  /** Sets who may read the room's history. */
  public EventId setHistoryVisibility(RoomId room, HistoryVisibility visibility) {
    Objects.requireNonNull(visibility, "visibility");
    return put(room, "m.room.history_visibility", obj().put("history_visibility", visibility.wire()));
  }

  /** Whether guests may join (false when the room has no guest access event). */
  public boolean guestAccess(RoomId room) {
    return text(room, "m.room.guest_access", "guest_access").map("can_join"::equals).orElse(false);
  }

  /** Sets whether guests may join. */
  public EventId setGuestAccess(RoomId room, boolean allowed) {
    return put(room, "m.room.guest_access", obj().put("guest_access", allowed ? "can_join" : "forbidden"));
  }

  /**
   * Sets the user's display name in this room only, keeping their membership, avatar and other member fields.
   */
  public EventId setNickname(RoomId room, String displayName) {
    Objects.requireNonNull(displayName, "displayName");
    String me = client.userId().value();
    JsonNode current = client.rooms().state(room, "m.room.member", me)
        .orElseThrow(() -> new IllegalStateException(me + " has no membership in " + room.value()));
    ObjectNode content = current.deepCopy();
    // These two describe the original join (its reason, who authorised a restricted join), not the member.
    content.remove("reason");
    content.remove("join_authorised_via_users_server");
    content.put("displayname", displayName);
    return client.rooms().sendState(room, "m.room.member", me, content);
  }

  /**
   * Whether the room is read-only: an ordinary member (at {@code users_default}) may not send messages.
   */
  public boolean isReadOnly(RoomId room) {
    PowerLevels pl = client.rooms().powerLevels(room);
    return pl.eventLevel("m.room.message", false) > pl.usersDefault();
  }

  /**
   * Makes the room read-only ({@code events_default} raised to at least {@value Roles#MODERATOR}, so only
   * moderators post) or open again ({@code events_default} and any {@code m.room.message} override lowered to
   * {@code users_default}); sends nothing when it already is so, and returns whether it changed the power levels.
   */
  public boolean setReadOnly(RoomId room, boolean readOnly) {
    PowerLevels pl = client.rooms().powerLevels(room);
    ObjectNode content = pl.content().deepCopy();
    if (readOnly) {
      if (pl.eventLevel("m.room.message", false) > pl.usersDefault()) {
        return false;
      }
      content.put("events_default", Math.max(pl.eventsDefault(), Roles.MODERATOR));
      if (content.path("events").has("m.room.message")) {
        content.withObject("events").put("m.room.message", Math.max(pl.eventsDefault(), Roles.MODERATOR));
      }
    } else {
      if (pl.eventLevel("m.room.message", false) <= pl.usersDefault()) {
        return false;
      }
      content.put("events_default", Math.min(pl.eventsDefault(), pl.usersDefault()));
      if (content.path("events").has("m.room.message")) {
        content.withObject("events").put("m.room.message", pl.usersDefault());
      }
    }
    client.rooms().sendState(room, "m.room.power_levels", "", content);
    return true;
  }

  /** Whether end-to-end encryption is on ({@code m.room.encryption} set). */
  public boolean isEncrypted(RoomId room) {
    return text(room, "m.room.encryption", "algorithm").isPresent();
  }

  /**
   * Turns on end-to-end encryption (Megolm). It cannot be turned off again, and a bot without an encryption library
   * can no longer read or send messages there. Sends nothing and returns null when it is already on.
   */
  public EventId enableEncryption(RoomId room) {
    if (isEncrypted(room)) {
      return null;
    }
    return put(room, "m.room.encryption", obj().put("algorithm", "m.megolm.v1.aes-sha2"));
  }

  /**
   * Switches federation off after creation: an {@code m.room.server_acl} that allows only this user's server, so
   * servers elsewhere can no longer send or receive the room's events (their users stay listed but cannot take
   * part). Undo with {@link #enableFederation}.
   */
  public EventId disableFederation(RoomId room) {
    ObjectNode acl = obj().put("allow_ip_literals", false);
    acl.putArray("allow").add(client.userId().server().value());
    acl.putArray("deny");
    return put(room, "m.room.server_acl", acl);
  }

  /** Lets every server take part again (an {@code m.room.server_acl} allowing {@code *}). */
  public EventId enableFederation(RoomId room) {
    ObjectNode acl = obj().put("allow_ip_literals", false);
    acl.putArray("allow").add("*");
    acl.putArray("deny");
    return put(room, "m.room.server_acl", acl);
  }

  /** Every current state event of the room, as events (malformed ones are left out). */
  public List<RoomEvent> fullState(RoomId room) {
    Objects.requireNonNull(room, "room");
    JsonNode events = http.json("GET", http.v3(null, "rooms", room.value(), "state"), null, CallOptions.SAFE,
        JsonNode.class);
    return Lenient.events(events, false);
  }

  /**
   * Saves each setting given in {@code update} as its own state event, in field order, and returns the event types
   * saved; stops at the first refusal with a {@link SettingsNotSavedException} naming what was saved before it.
   */
  public List<String> save(RoomId room, SettingsUpdate update) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(update, "update");
    List<String> applied = new ArrayList<>();
    apply(applied, "m.room.name", update.name(), v -> setName(room, v));
    apply(applied, "m.room.topic", update.topic(), v -> setTopic(room, v));
    apply(applied, "m.room.avatar", update.avatarUrl(), v -> setAvatar(room, v));
    apply(applied, "m.room.join_rules", update.joinRule(), v -> setJoinRule(room, v));
    apply(applied, "m.room.history_visibility", update.historyVisibility(), v -> setHistoryVisibility(room, v));
    apply(applied, "m.room.guest_access", update.guestAccess(), v -> setGuestAccess(room, v));
    apply(applied, "m.room.power_levels", update.readOnly(), v -> setReadOnly(room, v));
    apply(applied, "m.room.encryption", update.encrypted(), v -> enableEncryption(room));
    return List.copyOf(applied);
  }

  private static <T> void apply(List<String> applied, String type, T value, java.util.function.Consumer<T> send) {
    if (value == null) {
      return;
    }
    try {
      send.accept(value);
    } catch (MatrixException e) {
      throw new SettingsNotSavedException(type, applied, e);
    }
    applied.add(type);
  }

  private Optional<String> text(RoomId room, String type, String field) {
    return client.rooms().state(room, type, "").map(c -> c.get(field)).filter(JsonNode::isTextual)
        .map(JsonNode::asText);
  }

  private EventId put(RoomId room, String type, ObjectNode content) {
    return client.rooms().sendState(room, type, "", content);
  }

  private static ObjectNode obj() {
    return Json.mapper().createObjectNode();
  }
}

package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import dev.steward.client.model.PowerLevels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reversible moderation over power levels: mute/unmute a user, archive/unarchive a room (read-only for everyone
 * below moderator), and close a room for good. What it changes is remembered in Steward state events
 * ({@value #MUTE}, {@value #ARCHIVE}) so the undo restores exactly what was there.
 */
public final class Moderation {
  /**
   * State event type recording a mute; state key {@code user:<user id>} (a key starting with {@code @} may only be
   * set by that user), content {@code muted}, {@code previous_level}, and {@code expires_at} (milliseconds since
   * the epoch) for a mute with an expiry.
   */
  public static final String MUTE = "dev.steward.mute";
  /** State event type recording an archive; state key "", content {@code archived}, {@code previous}. */
  public static final String ARCHIVE = "dev.steward.archive";
  /** The level that may still speak in an archived room. */
  public static final long MODERATOR = 50;

  private static final List<String> ARCHIVED_FIELDS = List.of("events_default", "state_default", "invite");
  private static final String PL = "m.room.power_levels";
  private static final String EXPIRES_AT = "expires_at";

  private final MatrixClient client;
  private final Http http;

  Moderation(MatrixClient client, Http http) {
    this.client = client;
    this.http = http;
  }

  // ---- mute ----

  /**
   * Mutes {@code user}: sets their level to {@code events_default - 1} (never raising it), after recording their
   * previous explicit level; returns false when they are already muted. Refuses users at or above the bot's level.
   */
  public boolean mute(RoomId room, UserId user) {
    return mute(room, user, null);
  }

  /**
   * Mutes {@code user} until {@code until} (null: until unmuted), recording the expiry with the mute; returns false
   * when they are already muted, in which case only the recorded expiry changes to {@code until}. The client does
   * not unmute by itself: the bot runtime's delayed actions ({@code DelayedActions.mute}) do, through
   * {@link #unmuteIfDue}, or call that from a timer of your own.
   */
  public boolean mute(RoomId room, UserId user, Instant until) {
    Objects.requireNonNull(user, "user");
    RoomSnapshot s = RoomSnapshot.load(http, room);
    Optional<JsonNode> existing = muteRecord(s, user);
    if (existing.isPresent()) {
      if (!Objects.equals(expiry(existing.get()).orElse(null), until)) {
        s.requireCanSendState(client.userId(), MUTE, "change the mute of " + user);
        ObjectNode record = existing.get().deepCopy();
        record.remove(EXPIRES_AT);
        if (until != null) {
          record.put(EXPIRES_AT, until.toEpochMilli());
        }
        sendState(room, MUTE, muteKey(user), record);
      }
      return false;
    }
    UserId me = client.userId();
    long mine = s.level(me);
    long theirs = s.level(user);
    if (user.equals(me) || theirs >= mine) {
      throw RoomException.refused(RoomException.Reason.FORBIDDEN, room, "cannot mute " + user + ": their power level "
          + theirs + " is not below the bot's " + mine, theirs == Long.MAX_VALUE ? -1 : theirs + 1);
    }
    s.requireCanSendState(me, PL, "mute " + user);
    s.requireCanSendState(me, MUTE, "mute " + user);
    PowerLevels pl = s.powerLevels();
    ObjectNode record = Json.mapper().createObjectNode().put("muted", true).put("user", user.value());
    JsonNode previous = pl.content().path("users").get(user.value());
    if (previous != null) {
      record.set("previous_level", previous);
    }
    if (until != null) {
      record.put(EXPIRES_AT, until.toEpochMilli());
    }
    // Record first: if the power-level change then fails, unmute still knows what to restore.
    sendState(room, MUTE, muteKey(user), record);
    long target = Math.min(theirs, pl.eventsDefault() - 1);
    if (previous == null || previous.asLong() != target) {
      ObjectNode content = pl.content().deepCopy();
      content.withObject("users").put(user.value(), target);
      sendState(room, PL, "", content);
    }
    return true;
  }

  /**
   * Unmutes {@code user}: restores the level recorded at mute time (removing their entry when they had none) and
   * clears the record; returns false when they were not muted by Steward.
   */
  public boolean unmute(RoomId room, UserId user) {
    Objects.requireNonNull(user, "user");
    RoomSnapshot s = RoomSnapshot.load(http, room);
    Optional<JsonNode> record = muteRecord(s, user);
    if (record.isEmpty()) {
      return false;
    }
    restore(s, user, record.get());
    return true;
  }

  /**
   * Unmutes {@code user} (as {@link #unmute}) when their mute's recorded expiry is at or before {@code now}; returns
   * false and changes nothing when they are not muted, muted without an expiry, or muted until later (a newer,
   * longer mute that a timer for an older one must not end).
   */
  public boolean unmuteIfDue(RoomId room, UserId user, Instant now) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(now, "now");
    RoomSnapshot s = RoomSnapshot.load(http, room);
    Optional<JsonNode> record = muteRecord(s, user);
    Optional<Instant> until = record.flatMap(Moderation::expiry);
    if (until.isEmpty() || until.get().isAfter(now)) {
      return false;
    }
    restore(s, user, record.get());
    return true;
  }

  /** When {@code user}'s mute ends: empty when they are not muted, or muted until unmuted. */
  public Optional<Instant> mutedUntil(RoomId room, UserId user) {
    Objects.requireNonNull(user, "user");
    return stateContent(room, MUTE, muteKey(user)).filter(c -> c.path("muted").asBoolean(false))
        .flatMap(Moderation::expiry);
  }

  private void restore(RoomSnapshot s, UserId user, JsonNode record) {
    RoomId room = s.room();
    s.requireCanSendState(client.userId(), PL, "unmute " + user);
    ObjectNode content = s.powerLevels().content().deepCopy();
    JsonNode previous = record.get("previous_level");
    if (previous == null || previous.isNull()) {
      content.withObject("users").remove(user.value());
    } else {
      content.withObject("users").set(user.value(), previous);
    }
    sendState(room, PL, "", content);
    sendState(room, MUTE, muteKey(user), Json.mapper().createObjectNode());
  }

  private static Optional<JsonNode> muteRecord(RoomSnapshot s, UserId user) {
    return s.event(MUTE, muteKey(user)).map(e -> e.path("content")).filter(c -> c.path("muted").asBoolean(false));
  }

  private static Optional<Instant> expiry(JsonNode record) {
    JsonNode at = record.get(EXPIRES_AT);
    return at != null && at.canConvertToLong() ? Optional.of(Instant.ofEpochMilli(at.asLong())) : Optional.empty();
  }

  /** Whether Steward has muted {@code user} in {@code room}. */
  public boolean isMuted(RoomId room, UserId user) {
    Objects.requireNonNull(user, "user");
    return stateContent(room, MUTE, muteKey(user)).map(c -> c.path("muted").asBoolean(false)).orElse(false);
  }

  // ---- archive ----

  /**
   * Archives a room: raises {@code events_default}, {@code state_default} and {@code invite} to at least
   * {@value #MODERATOR} after recording their previous values; returns false when it is already archived.
   */
  public boolean archive(RoomId room) {
    RoomSnapshot s = RoomSnapshot.load(http, room);
    if (s.event(ARCHIVE, "").map(e -> e.path("content").path("archived").asBoolean(false)).orElse(false)) {
      return false;
    }
    UserId me = client.userId();
    if (s.level(me) < MODERATOR) {
      throw RoomException.refused(RoomException.Reason.FORBIDDEN, room,
          "cannot archive: the bot's power level " + s.level(me) + " is below " + MODERATOR, MODERATOR);
    }
    s.requireCanSendState(me, PL, "archive");
    s.requireCanSendState(me, ARCHIVE, "archive");
    PowerLevels pl = s.powerLevels();
    ObjectNode record = Json.mapper().createObjectNode().put("archived", true);
    ObjectNode previous = record.putObject("previous");
    ObjectNode content = pl.content().deepCopy();
    for (String field : ARCHIVED_FIELDS) {
      JsonNode old = pl.content().get(field);
      previous.set(field, old == null ? NullNode.getInstance() : old);
    }
    content.put("events_default", Math.max(pl.eventsDefault(), MODERATOR));
    content.put("state_default", Math.max(pl.stateDefault(), MODERATOR));
    content.put("invite", Math.max(pl.invite(), MODERATOR));
    sendState(room, ARCHIVE, "", record);
    sendState(room, PL, "", content);
    return true;
  }

  /** Unarchives a room: restores the recorded power-level fields exactly; returns false when it was not archived. */
  public boolean unarchive(RoomId room) {
    RoomSnapshot s = RoomSnapshot.load(http, room);
    Optional<JsonNode> record = s.event(ARCHIVE, "").map(e -> e.path("content"))
        .filter(c -> c.path("archived").asBoolean(false));
    if (record.isEmpty()) {
      return false;
    }
    s.requireCanSendState(client.userId(), PL, "unarchive");
    ObjectNode content = s.powerLevels().content().deepCopy();
    record.get().path("previous").fields().forEachRemaining(f -> {
      if (ARCHIVED_FIELDS.contains(f.getKey())) {
        if (f.getValue().isNull()) {
          content.remove(f.getKey());
        } else {
          content.set(f.getKey(), f.getValue());
        }
      }
    });
    sendState(room, PL, "", content);
    sendState(room, ARCHIVE, "", Json.mapper().createObjectNode().put("archived", false));
    return true;
  }

  /** Whether the room is archived by Steward. */
  public boolean isArchived(RoomId room) {
    return stateContent(room, ARCHIVE, "").map(c -> c.path("archived").asBoolean(false)).orElse(false);
  }

  /** The joined rooms that are archived. */
  public List<RoomId> archivedRooms() {
    return client.rooms().joined().stream().filter(this::isArchived).toList();
  }

  /** Refuses with {@link RoomException.Reason#ARCHIVED} when the room is archived (frozen). */
  public void requireNotArchived(RoomId room) {
    if (isArchived(room)) {
      throw RoomException.refused(RoomException.Reason.ARCHIVED, room, "the room is archived (read-only)");
    }
  }

  /** Sends a text message unless the room is archived ({@link RoomException.Reason#ARCHIVED}). */
  public EventId sendText(RoomId room, String body) {
    requireNotArchived(room);
    return client.sendText(room, body);
  }

  // ---- close ----

  /** How a room was closed. */
  public enum Closed {
    /** The bot is a server admin: Synapse deleted (and purged) the room. */
    DELETED_BY_ADMIN,
    /**
     * The room was made invite-only, unpublished and stripped of its local aliases; every other member was kicked
     * (invites withdrawn, knocks refused); then the bot left and forgot the room.
     */
    EMPTIED_AND_LEFT
  }

  /**
   * Closes a room for good. Only a creator of the room or a user with power 100 may; as a server admin the room is
   * deleted through Synapse's admin API. Otherwise the join rule becomes invite, the room leaves the directory, its
   * aliases on this server are deleted, everyone else is removed with {@code reason} and the bot leaves and forgets
   * it; before changing anything, it checks it can do all of that (every member below the bot's level, the power for
   * each state event) and refuses with {@link RoomException.Reason#FORBIDDEN} naming what stands in the way.
   */
  public Closed close(RoomId room, String reason) {
    RoomSnapshot s = RoomSnapshot.load(http, room);
    UserId me = client.userId();
    if (!s.creators().contains(me) && s.level(me) < 100) {
      throw RoomException.refused(RoomException.Reason.FORBIDDEN, room,
          "cannot close: only the room's creator or a user with power level 100 may (the bot has " + s.level(me)
              + ")", 100);
    }
    if (isServerAdmin()) {
      ObjectNode body = Json.mapper().createObjectNode().put("block", false).put("purge", true);
      if (reason != null && !reason.isEmpty()) {
        body.put("message", reason);
      }
      // Deleting kicks everyone and purges history: it can take a while, and repeating it is harmless.
      http.json("DELETE", http.url("_synapse", "admin", "v1", "rooms", room.value()), body,
          new CallOptions(true, Duration.ofMinutes(5)), Void.class);
      return Closed.DELETED_BY_ADMIN;
    }
    new RoomCloser(client, http).close(s, reason);
    return Closed.EMPTIED_AND_LEFT;
  }

  /** Whether this account is a Synapse server admin (false on servers without Synapse's admin API). */
  public boolean isServerAdmin() {
    try {
      JsonNode r = http.json("GET", http.url("_synapse", "admin", "v1", "users", client.userId().value(), "admin"),
          null, CallOptions.SAFE, JsonNode.class);
      return r.path("admin").asBoolean(false);
    } catch (MatrixException e) {
      if (e.status() == 400 || e.status() == 401 || e.status() == 403 || e.status() == 404) {
        return false; // not an admin, or not Synapse: the admin API refuses or does not exist
      }
      throw e;
    }
  }

  private static String muteKey(UserId user) {
    return "user:" + user.value();
  }

  private Optional<JsonNode> stateContent(RoomId room, String type, String key) {
    return client.rooms().state(room, type, key);
  }

  private void sendState(RoomId room, String type, String key, Object content) {
    client.rooms().sendState(room, type, key, content);
  }
}

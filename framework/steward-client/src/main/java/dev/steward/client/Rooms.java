package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.Member;
import dev.steward.client.model.PowerLevels;
import dev.steward.client.model.RoomDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Creating rooms and managing membership: join, leave, forget, invite, kick, ban, unban. A refusal about the room
 * (missing, no power, archived, full, a direct chat's third member, the target's membership) is a
 * {@link RoomException} with its reason; other failures are plain {@link MatrixException}s.
 */
public final class Rooms {
  private final MatrixClient client;
  private final Http http;

  Rooms(MatrixClient client, Http http) {
    this.client = client;
    this.http = http;
  }

  /**
   * Creates a room and returns its id. A direct chat ({@code is_direct}) inviting more than one user is refused
   * with {@link RoomException.Reason#INVALID_FOR_ROOM_TYPE} before asking the server.
   */
  public RoomId create(CreateRoomRequest request) {
    Objects.requireNonNull(request, "request");
    if (Boolean.TRUE.equals(request.isDirect()) && request.invite() != null && request.invite().size() > 1) {
      throw RoomException.refused(RoomException.Reason.INVALID_FOR_ROOM_TYPE, null,
          "a direct chat is between two people: cannot invite " + request.invite().size() + " users to it");
    }
    JsonNode r = http.json("POST", http.v3(null, "createRoom"), request, CallOptions.UNSAFE, JsonNode.class);
    return RoomId.of(r.path("room_id").asText(null));
  }

  /** Joins a room by id (or accepts an invite to it). */
  public RoomId join(RoomId room) {
    Objects.requireNonNull(room, "room");
    return doJoin(room.value(), List.of(), null, null);
  }

  /** Joins a room by id with a reason the members see on the join. */
  public RoomId join(RoomId room, String reason) {
    Objects.requireNonNull(room, "room");
    return doJoin(room.value(), List.of(), reason, null);
  }

  /** Joins a room by id, asking the given servers to help when this server is not in the room yet. */
  public RoomId join(RoomId room, ServerName... via) {
    Objects.requireNonNull(room, "room");
    return doJoin(room.value(), List.of(via), null, null);
  }

  /**
   * Joins a room by id on a third-party invite: {@code thirdPartySigned} is the signed object ({@code sender},
   * {@code mxid}, {@code token}, {@code signatures}) the identity server handed over when the address was
   * validated, sent as {@code third_party_signed}.
   */
  public RoomId joinWithThirdPartyInvite(RoomId room, JsonNode thirdPartySigned, ServerName... via) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(thirdPartySigned, "thirdPartySigned");
    return doJoin(room.value(), List.of(via), null, thirdPartySigned);
  }

  /** Joins a room by alias, asking the given servers to help when it lives elsewhere. */
  public RoomId join(RoomAlias alias, ServerName... via) {
    Objects.requireNonNull(alias, "alias");
    return doJoin(alias.value(), List.of(via), null, null);
  }

  private RoomId doJoin(String idOrAlias, List<ServerName> via, String reason, JsonNode thirdPartySigned) {
    HttpUrl.Builder url = http.v3(null, "join", idOrAlias).newBuilder();
    for (ServerName s : via) {
      // server_name is the long-standing name; via is the newer one. Sending both works with old and new servers.
      url.addQueryParameter("server_name", s.value());
      url.addQueryParameter("via", s.value());
    }
    ObjectNode body = reasonBody(reason);
    if (thirdPartySigned != null) {
      body.set("third_party_signed", thirdPartySigned);
    }
    JsonNode r = http.json("POST", url.build(), body, CallOptions.SAFE, JsonNode.class);
    return RoomId.of(r.path("room_id").asText(null));
  }

  /**
   * Leaves a room (also declines an invite or withdraws a knock). Refuses with
   * {@link RoomException.Reason#FORBIDDEN} to leave a room where the user is the last joined member able to manage
   * it (change its power levels) while others stay: see {@link #leave(RoomId, String, boolean)}.
   */
  public void leave(RoomId room) {
    leave(room, null, false);
  }

  /** Leaves a room, with a reason the others see; refuses as {@link #leave(RoomId)} does. */
  public void leave(RoomId room, String reason) {
    leave(room, reason, false);
  }

  /**
   * Leaves a room, with a reason the others see (or null). Unless {@code force}, first reads the room's state and
   * refuses with {@link RoomException.Reason#FORBIDDEN} when the user is the last joined member whose power level
   * lets them change the power levels while other members stay, since nobody could manage the room after; a user who
   * is only invited, or cannot read the state, leaves without the check.
   */
  public void leave(RoomId room, String reason, boolean force) {
    Objects.requireNonNull(room, "room");
    if (!force) {
      requireNotLastManager(room);
    }
    http.json("POST", http.v3(null, "rooms", room.value(), "leave"), reasonBody(reason), CallOptions.SAFE,
        Void.class);
  }

  private void requireNotLastManager(RoomId room) {
    RoomSnapshot s;
    try {
      s = RoomSnapshot.load(http, room);
    } catch (RoomException e) {
      return; // not joined (an invite, a knock) or no such room: the leave itself says what the server thinks
    }
    if (!client.knowsUserId()) {
      client.whoami();
    }
    UserId me = client.userId();
    List<UserId> joined = s.members("join");
    if (!joined.contains(me) || joined.size() < 2) {
      return;
    }
    long needed = s.powerLevels().eventLevel("m.room.power_levels", true);
    if (s.level(me) < needed || joined.stream().anyMatch(u -> !u.equals(me) && s.level(u) >= needed)) {
      return;
    }
    throw RoomException.refused(RoomException.Reason.FORBIDDEN, room, "not leaving: " + me + " is the last of the "
        + joined.size() + " joined members able to manage the room (power level " + needed + " to change power "
        + "levels); promote someone first, or leave with force", needed);
  }

  /** Forgets a room the user has left, so it no longer shows in the user's history. */
  public void forget(RoomId room) {
    Objects.requireNonNull(room, "room");
    http.json("POST", http.v3(null, "rooms", room.value(), "forget"), null, CallOptions.SAFE, Void.class);
  }

  /** Invites a user. */
  public void invite(RoomId room, UserId user) {
    invite(room, user, null);
  }

  /**
   * Invites a user, with a reason. Refuses with {@link RoomException.Reason#INVALID_FOR_ROOM_TYPE} when the room is
   * a direct chat (in this account's {@code m.direct}) with someone else: a direct chat stays between two people.
   */
  public void invite(RoomId room, UserId user, String reason) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(user, "user");
    requireNotThirdInDirectChat(room, user);
    membership(room, "invite", user, reason, CallOptions.UNSAFE);
  }

  private void requireNotThirdInDirectChat(RoomId room, UserId invitee) {
    if (!client.knowsUserId()) {
      client.whoami(); // m.direct is the account's data: its URL needs the user id
    }
    Optional<UserId> partner = client.directMessages().partnerOf(room);
    if (partner.isPresent() && !partner.get().equals(invitee)) {
      throw RoomException.refused(RoomException.Reason.INVALID_FOR_ROOM_TYPE, room,
          "cannot invite " + invitee + ": the room is a direct chat with " + partner.get());
    }
  }

  /** Removes a user from the room; they may join again. Also revokes a pending invite. */
  public void kick(RoomId room, UserId user, String reason) {
    membership(room, "kick", user, reason, CallOptions.UNSAFE);
  }

  /** Bans a user: removes them and keeps them out until unbanned. */
  public void ban(RoomId room, UserId user, String reason) {
    membership(room, "ban", user, reason, CallOptions.SAFE);
  }

  /** Lifts a ban; the user may then be invited or join again. */
  public void unban(RoomId room, UserId user, String reason) {
    membership(room, "unban", user, reason, CallOptions.SAFE);
  }

  /** A membership action without the client's own checks (callers have done theirs). */
  void membership(RoomId room, String action, UserId user, String reason, CallOptions options) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(user, "user");
    ObjectNode body = reasonBody(reason);
    body.put("user_id", user.value());
    http.json("POST", http.v3(null, "rooms", room.value(), action), body, options, Void.class);
  }

  /**
   * A room's details in one call (one read of its state): the display name as clients compute it, topic, avatar,
   * member counts, join rule, encryption, type, creator, read-only, federation, archived and parent spaces.
   */
  public RoomDetails details(RoomId room) {
    Objects.requireNonNull(room, "room");
    if (!client.knowsUserId()) {
      client.whoami(); // the display name leaves out the user looking at the room
    }
    return RoomNames.details(RoomSnapshot.load(http, room), client.userId());
  }

  /** The rooms the user has joined. */
  public List<RoomId> joined() {
    JsonNode r = http.json("GET", http.v3(null, "joined_rooms"), null, CallOptions.SAFE, JsonNode.class);
    List<RoomId> out = new ArrayList<>();
    r.path("joined_rooms").forEach(n -> out.add(RoomId.of(n.asText())));
    return out;
  }

  /** Joined members with their room display names, in the server's order. */
  public java.util.Map<UserId, Member> joinedMembers(RoomId room) {
    Objects.requireNonNull(room, "room");
    JsonNode r = http.json("GET", http.v3(null, "rooms", room.value(), "joined_members"), null, CallOptions.SAFE,
        JsonNode.class);
    java.util.Map<UserId, Member> out = new java.util.LinkedHashMap<>();
    r.path("joined").fields().forEachRemaining(e -> {
      UserId id = UserId.of(e.getKey());
      JsonNode m = e.getValue();
      out.put(id, new Member(id, m.path("display_name").asText(null), m.path("avatar_url").asText(null)));
    });
    return out;
  }

  /** The room an alias points at. */
  public RoomId resolve(RoomAlias alias) {
    Objects.requireNonNull(alias, "alias");
    JsonNode r = http.json("GET", http.v3(null, "directory", "room", alias.value()), null, CallOptions.SAFE,
        JsonNode.class);
    return RoomId.of(r.path("room_id").asText(null));
  }

  /** The content of one state event, or empty when the room has none of that type and key. */
  public java.util.Optional<JsonNode> state(RoomId room, String type, String stateKey) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(stateKey, "stateKey");
    try {
      return java.util.Optional.of(http.json("GET", http.v3(null, "rooms", room.value(), "state", type, stateKey),
          null, CallOptions.SAFE, JsonNode.class));
    } catch (MatrixException e) {
      if (e.code() == ErrorCode.M_NOT_FOUND) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  /** Sets a state event and returns its event id. */
  public EventId sendState(RoomId room, String type, String stateKey, Object content) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(stateKey, "stateKey");
    Objects.requireNonNull(content, "content");
    if (type.equals("m.room.member")
        && "invite".equals(Json.mapper().valueToTree(content).path("membership").asText(null))) {
      requireNotThirdInDirectChat(room, UserId.of(stateKey)); // an invite by hand is still an invite
    }
    JsonNode r = http.json("PUT", http.v3(null, "rooms", room.value(), "state", type, stateKey), content,
        CallOptions.SAFE, JsonNode.class);
    return EventId.of(r.path("event_id").asText(null));
  }

  /** The room's power levels ({@link PowerLevels#EMPTY} defaults when it has no such event). */
  public PowerLevels powerLevels(RoomId room) {
    return state(room, "m.room.power_levels", "").map(PowerLevels::new).orElse(PowerLevels.EMPTY);
  }

  /** Sets a user's power level, keeping every other entry. */
  public void setPowerLevel(RoomId room, UserId user, long level) {
    Objects.requireNonNull(user, "user");
    sendState(room, "m.room.power_levels", "", powerLevels(room).withUserLevel(user, level).content());
  }

  private static ObjectNode reasonBody(String reason) {
    ObjectNode body = Json.mapper().createObjectNode();
    if (reason != null && !reason.isEmpty()) {
      body.put("reason", reason);
    }
    return body;
  }

  // ---- membership queries (rooms API, part B) ----

  /** Every member the room's state lists (any membership), with their display names. */
  public List<dev.steward.client.model.RoomMember> members(RoomId room) {
    return members(room, null, null);
  }

  /**
   * Members filtered by membership: only {@code membership} when given, none of {@code notMembership} when given
   * (either may be null), e.g. {@code members(room, INVITE, null)} for pending invites.
   */
  public List<dev.steward.client.model.RoomMember> members(RoomId room, dev.steward.client.model.Membership membership,
                                                           dev.steward.client.model.Membership notMembership) {
    Objects.requireNonNull(room, "room");
    java.util.Map<String, String> q = new java.util.LinkedHashMap<>();
    q.put("membership", membership == null ? null : membership.wire());
    q.put("not_membership", notMembership == null ? null : notMembership.wire());
    JsonNode r = http.json("GET", http.v3(q, "rooms", room.value(), "members"), null, CallOptions.SAFE,
        JsonNode.class);
    List<dev.steward.client.model.RoomMember> out = new ArrayList<>();
    for (JsonNode ev : r.path("chunk")) {
      dev.steward.client.model.Membership m =
          dev.steward.client.model.Membership.of(ev.path("content").path("membership").asText(null));
      if (m == null || !ev.path("state_key").isTextual()) {
        continue; // a malformed or future membership value: nothing a caller could act on
      }
      out.add(new dev.steward.client.model.RoomMember(UserId.of(ev.get("state_key").asText()), m,
          ev.path("content").path("displayname").asText(null)));
    }
    return out;
  }

  /** How many users have joined the room. */
  public int memberCount(RoomId room) {
    Objects.requireNonNull(room, "room");
    JsonNode r = http.json("GET", http.v3(null, "rooms", room.value(), "joined_members"), null, CallOptions.SAFE,
        JsonNode.class);
    return r.path("joined").size();
  }

  /**
   * Withdraws a pending invite (a kick of the invited user); refuses with {@link RoomException.Reason#WRONG_MEMBERSHIP}
   * when the user is not invited, so a joined member is never removed by mistake.
   */
  public void revokeInvite(RoomId room, UserId user, String reason) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(user, "user");
    java.util.Optional<JsonNode> member = state(room, "m.room.member", user.value());
    String current = member.map(m -> m.path("membership").asText(null)).orElse(null);
    if (!"invite".equals(current)) {
      throw RoomException.refused(RoomException.Reason.WRONG_MEMBERSHIP, room,
          "cannot revoke the invite of " + user + ": membership is " + (current == null ? "none" : current));
    }
    kick(room, user, reason);
  }
}

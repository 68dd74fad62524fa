package dev.steward.client;

import dev.steward.client.RoomException.Reason;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Request;

/**
 * The one place that turns a failed room call into a {@link RoomException}: which requests are room operations
 * (by path), and which reason an errcode or HTTP status means. Every room call goes through it, because the client
 * installs it in {@link Http}; failures with no room meaning (rate limits, bad parameters, transport) pass unchanged.
 */
final class RoomErrors {
  /** Synapse names the level it wanted: "user_level (0) < send_level (50)". */
  private static final Pattern NEEDED_LEVEL = Pattern.compile("_level \\((\\d+)\\)\\s*$");
  private static final List<String> WRITES = List.of("send", "state", "redact", "invite");

  private RoomErrors() {}

  /** {@link Http.ErrorTranslator}: the room error for a failed room call, else {@code failure} itself. */
  static MatrixException translate(Http http, Request request, MatrixException failure) {
    if (failure instanceof RoomException || failure instanceof InteractiveAuthException) {
      return failure;
    }
    List<String> path = request.url().pathSegments();
    Optional<Optional<RoomId>> target = target(path);
    Reason reason = reason(failure);
    if (target.isEmpty() || reason == null) {
      return failure;
    }
    RoomId room = target.get().orElse(null);
    if (reason == Reason.FORBIDDEN && room != null && isWrite(request.method(), path) && archived(http, room)) {
      reason = Reason.ARCHIVED;
    }
    return RoomException.fromServer(failure, Http.describe(request), reason, room, neededLevel(failure));
  }

  /**
   * The reason an error means for a room call, or null when it has none: {@code M_RESOURCE_LIMIT_EXCEEDED} is
   * {@code CAPACITY}; a 404 (Synapse answers an unknown room's join or leave with 404 {@code M_UNKNOWN}) or
   * {@code M_NOT_FOUND} is {@code NOT_FOUND}, as is Synapse's "not in room" refusal; a refusal about the target's
   * membership or {@code M_BAD_STATE} is {@code WRONG_MEMBERSHIP}; any other {@code M_FORBIDDEN} is
   * {@code FORBIDDEN}.
   */
  static Reason reason(MatrixException e) {
    ErrorCode code = e.code();
    if (code == ErrorCode.M_RESOURCE_LIMIT_EXCEEDED) {
      return Reason.CAPACITY;
    }
    if (code == ErrorCode.M_NOT_FOUND || e.status() == 404 && code != ErrorCode.M_UNRECOGNIZED) {
      return Reason.NOT_FOUND;
    }
    if (code == ErrorCode.M_BAD_STATE) {
      return Reason.WRONG_MEMBERSHIP;
    }
    if (code == ErrorCode.M_FORBIDDEN || code == ErrorCode.M_GUEST_ACCESS_FORBIDDEN) {
      String text = e.error() == null ? "" : e.error();
      if (text.contains("target user is not in the room") || text.contains("is already in the room")
          || text.contains("is banned from the room")) {
        return Reason.WRONG_MEMBERSHIP;
      }
      // The spec has no errcode for a room the user cannot see: Synapse says "User … not in room …" (or "has no
      // membership in room"), the same for a room that does not exist.
      if (text.contains("not in room") || text.contains("no membership in room") || text.contains("not in the room")) {
        return Reason.NOT_FOUND;
      }
      return Reason.FORBIDDEN;
    }
    return null;
  }

  /**
   * Whether the path is a room operation, and which room: present-and-empty for one without a room id (create,
   * a join or lookup by alias), absent for any other call.
   */
  static Optional<Optional<RoomId>> target(List<String> p) {
    if (p.size() >= 4 && p.get(0).equals("_synapse") && p.get(1).equals("admin") && p.get(3).equals("rooms")) {
      return p.size() >= 5 ? Optional.of(roomId(p.get(4))) : Optional.empty();
    }
    if (p.size() >= 5 && p.get(0).equals("_synapse") && p.get(1).equals("admin") && p.get(3).equals("join")) {
      return Optional.of(roomId(p.get(4))); // an admin's join of a user, by room id or alias
    }
    if (p.size() < 4 || !p.get(0).equals("_matrix") || !p.get(1).equals("client")) {
      return Optional.empty();
    }
    List<String> s = p.subList(3, p.size());
    String first = s.get(0);
    if (first.equals("createRoom")) {
      return Optional.of(Optional.empty());
    }
    if ((first.equals("rooms") || first.equals("join") || first.equals("knock")) && s.size() >= 2) {
      return Optional.of(roomId(s.get(1)));
    }
    if (first.equals("user") && s.size() >= 5 && s.get(2).equals("rooms")) {
      return Optional.of(roomId(s.get(3))); // tags and per-room account data
    }
    if (first.equals("directory") && s.size() >= 3) {
      if (s.get(1).equals("list") && s.size() >= 4) {
        return Optional.of(roomId(s.get(3))); // publishing in the room directory
      }
      if (s.get(1).equals("room")) {
        return Optional.of(Optional.empty()); // an alias
      }
    }
    return Optional.empty();
  }

  private static Optional<RoomId> roomId(String segment) {
    if (!segment.startsWith("!")) {
      return Optional.empty();
    }
    try {
      return Optional.of(RoomId.of(segment));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean isWrite(String method, List<String> p) {
    int rooms = p.indexOf("rooms");
    return !method.equals("GET") && rooms >= 0 && p.size() > rooms + 2 && WRITES.contains(p.get(rooms + 2));
  }

  /** Whether Steward archived the room; an unreadable answer counts as not archived (the refusal stays FORBIDDEN). */
  private static boolean archived(Http http, RoomId room) {
    try {
      return http.json("GET", http.v3(null, "rooms", room.value(), "state", Moderation.ARCHIVE, ""), null,
          CallOptions.SAFE, com.fasterxml.jackson.databind.JsonNode.class).path("archived").asBoolean(false);
    } catch (MatrixException e) {
      return false;
    }
  }

  private static long neededLevel(MatrixException e) {
    if (e.error() == null) {
      return -1;
    }
    Matcher m = NEEDED_LEVEL.matcher(e.error());
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }
}

package dev.steward.client;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A room operation that cannot be done, with a {@link Reason} a caller can switch on: the room is missing, the
 * user lacks power (and which level was needed, where known), the room is archived or full, the operation does not
 * fit this kind of room, or the target's membership does not allow it. Every room call of the client throws it for
 * such a refusal (one mapping, see {@code RoomErrors}); a {@link MatrixException}, so one catch covers every client
 * failure, with the server's status and errcode kept.
 */
public final class RoomException extends MatrixException {
  private static final long serialVersionUID = 1L;

  /** Why a room operation failed. */
  public enum Reason {
    /** The room does not exist, or this user cannot see it. */
    NOT_FOUND,
    /** The user's power level is too low, or a rule of the operation (creator only…) refuses them. */
    FORBIDDEN,
    /** The room is archived (read-only) and the operation would write to it. */
    ARCHIVED,
    /** The operation does not fit this room, e.g. a third member in a direct chat. */
    INVALID_FOR_ROOM_TYPE,
    /** The target user's membership does not allow the operation, e.g. revoking an invite that is not pending. */
    WRONG_MEMBERSHIP,
    /**
     * The room or the server is full: a resource limit ({@code M_RESOURCE_LIMIT_EXCEEDED}, also Synapse's room
     * complexity limit).
     */
    CAPACITY
  }

  private final Reason reason;
  private final RoomId room;
  private final long neededLevel;

  private RoomException(MatrixException server, String call, Reason reason, RoomId room, long neededLevel) {
    super(call, server.status(), server.errcode(), server.error(), null);
    initCause(server);
    this.reason = reason;
    this.room = room;
    this.neededLevel = neededLevel;
  }

  private RoomException(String message, Reason reason, RoomId room, long neededLevel) {
    super(room == null ? "room operation" : "room " + room.value(), message, null);
    this.reason = reason;
    this.room = room;
    this.neededLevel = neededLevel;
  }

  /** A refusal decided by the client before asking the server (no HTTP status, no errcode). */
  public static RoomException refused(Reason reason, RoomId room, String message) {
    return refused(reason, room, message, -1);
  }

  /** A refusal for lack of power, naming the level that was needed ({@code -1} when unknown). */
  public static RoomException refused(Reason reason, RoomId room, String message, long neededLevel) {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    return new RoomException(message, reason, room, neededLevel);
  }

  /**
   * The typed form of a server error about {@code room}. The client already throws room errors typed (see
   * {@link MatrixClient}); this is for a failure from elsewhere. A failure with no room meaning (rate limit,
   * transport…) is returned unchanged.
   */
  public static MatrixException from(MatrixException e, RoomId room) {
    Objects.requireNonNull(e, "e");
    if (e instanceof RoomException) {
      return e;
    }
    Reason reason = RoomErrors.reason(e);
    if (reason == null) {
      return e;
    }
    // MatrixException's message starts with the call; keep it so the log still names the request.
    int end = e.getMessage().indexOf(" failed: ");
    String call = end > 0 ? e.getMessage().substring(0, end) : "room " + room;
    return new RoomException(e, call, reason, room, -1);
  }

  /** A server's refusal of {@code call}, typed by {@link RoomErrors}. */
  static RoomException fromServer(MatrixException e, String call, Reason reason, RoomId room, long neededLevel) {
    return new RoomException(e, call, reason, room, neededLevel);
  }

  /** Why the operation failed. */
  public Reason reason() {
    return reason;
  }

  /** The room concerned, or null when not known. */
  public RoomId room() {
    return room;
  }

  /** The power level the operation needed, when known. */
  public OptionalLong neededLevel() {
    return neededLevel < 0 ? OptionalLong.empty() : OptionalLong.of(neededLevel);
  }

  /** Always false: a room error comes from the server's answer or from a client-side rule, never a lost connection. */
  @Override
  public boolean isTransportFailure() {
    return false;
  }
}

package dev.steward.bot.internal.ops;

import dev.steward.bot.store.CommandLog;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What the status page shows beyond the metrics, gathered as it happens: the last errors (a bounded ring, each by
 * where and what kind, never an exception's message, which may quote a message body), the rooms' names as the sync
 * delivered them, and where recent commands are recorded.
 */
final class StatusFeed {
  static final int ERRORS_KEPT = 20;

  /** One error: when, where (a handler, {@code sync}, a job) and what (an errcode or exception type). */
  record Failure(Instant at, String where, String what) {}

  private final LongSupplier clockMillis;
  private final ArrayDeque<Failure> errors = new ArrayDeque<>();
  private final Map<RoomId, String> roomNames = new ConcurrentHashMap<>();
  private volatile CommandLog commands;

  StatusFeed(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  void failed(String where, Throwable error) {
    failed(where, describe(error));
  }

  void failed(String where, String what) {
    Failure f = new Failure(Instant.ofEpochMilli(clockMillis.getAsLong()), where, what);
    synchronized (errors) {
      if (errors.size() == ERRORS_KEPT) {
        errors.removeLast();
      }
      errors.addFirst(f);
    }
  }

  /** The last errors, newest first. */
  List<Failure> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  void roomName(RoomId room, String name) {
    if (name.isEmpty()) {
      roomNames.remove(room);
    } else {
      roomNames.put(room, name);
    }
  }

  /** The room's name as last seen in a sync, or empty when none was seen. */
  String roomName(RoomId room) {
    return roomNames.getOrDefault(room, "");
  }

  void commands(CommandLog log) {
    this.commands = log;
  }

  /** Where commands are recorded, or null before the store is open. */
  CommandLog commands() {
    return commands;
  }

  /** An error as its errcode and status, or its type: nothing from its message. */
  static String describe(Throwable e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
      if (t instanceof MatrixException m) {
        return m.isTransportFailure() ? "homeserver unreachable"
            : (m.errcode() != null ? m.errcode() + " " : "") + "(HTTP " + m.status() + ")";
      }
    }
    return e.getClass().getSimpleName();
  }
}

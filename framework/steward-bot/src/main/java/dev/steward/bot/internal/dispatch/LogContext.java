package dev.steward.bot.internal.dispatch;

import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import org.slf4j.MDC;

/**
 * What the handler thread is working on, in the logging MDC: {@value #ROOM}, {@value #EVENT_ID}, {@value #SENDER}
 * and {@value #HANDLER}, so every line a handler (or the runtime on its behalf) logs can be found by event, room or
 * handler; the JSON log format writes them as fields. Closing restores what was there before.
 */
final class LogContext implements AutoCloseable {
  static final String ROOM = "room";
  static final String EVENT_ID = "event_id";
  static final String SENDER = "sender";
  static final String HANDLER = "handler";

  private final String[] keys;
  private final String[] previous;

  private LogContext(String[] keys, String[] values) {
    this.keys = keys;
    this.previous = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      previous[i] = MDC.get(keys[i]);
      if (values[i] == null) {
        MDC.remove(keys[i]);
      } else {
        MDC.put(keys[i], values[i]);
      }
    }
  }

  /** The event being handled; {@code eventId} and {@code sender} may be null (invites, typing, receipts). */
  static LogContext event(RoomId room, EventId eventId, UserId sender) {
    return new LogContext(new String[] {ROOM, EVENT_ID, SENDER}, new String[] {room.value(),
        eventId == null ? null : eventId.value(), sender == null ? null : sender.value()});
  }

  /** The handler or command running, inside an {@link #event}. */
  static LogContext handler(String name) {
    return new LogContext(new String[] {HANDLER}, new String[] {name});
  }

  @Override
  public void close() {
    for (int i = 0; i < keys.length; i++) {
      if (previous[i] == null) {
        MDC.remove(keys[i]);
      } else {
        MDC.put(keys[i], previous[i]);
      }
    }
  }
}

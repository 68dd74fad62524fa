package dev.steward.bots.housekeeping;

import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.Messages;
import dev.steward.client.RoomId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Sends housekeeping's notices under transaction ids derived from what they are about: a notice sent again after a
 * crash (before the store noted it) carries the same id, and the homeserver answers with the event it already has,
 * so members see it once.
 */
final class Notices {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private Notices() {}

  /** Sends an {@code m.notice} with an optional HTML body; {@code key} names what it is about, uniquely. */
  static EventId send(MatrixClient client, RoomId room, String key, String plain, String html) {
    String txnId = "hk-" + UUID.nameUUIDFromBytes((room.value() + "\n" + key).getBytes(StandardCharsets.UTF_8));
    return client.sendEvent(room, "m.room.message", Messages.content("m.notice", plain, html), txnId);
  }

  /** A time for people: {@code 2026-12-05 14:00 UTC}. */
  static String when(Instant at) {
    return WHEN.format(at);
  }
}

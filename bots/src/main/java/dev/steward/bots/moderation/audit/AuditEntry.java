package dev.steward.bots.moderation.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit log: one action against one target in one room.
 *
 * @param key unique per action and room, so recording it again after a restart changes nothing
 * @param at when it happened
 * @param source who or what asked, as {@code Source.stored()} writes it
 * @param action the action's verb, e.g. {@code ban}
 * @param target the user (or glob, or event) acted on
 * @param room the room id, or empty when the action is not about one room
 * @param reason the reason given, or empty
 * @param outcome {@code done}, {@code unchanged}, {@code failed}, {@code refused} or {@code dry-run}
 * @param detail the homeserver's errcode and message for a failure, or more about the outcome; may be empty
 */
public record AuditEntry(String key, Instant at, String source, String action, String target, String room,
                         String reason, String outcome, String detail) {
  /** Requires every part; absent ones are empty strings. */
  public AuditEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    room = room == null ? "" : room;
    reason = reason == null ? "" : reason;
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
  }
}

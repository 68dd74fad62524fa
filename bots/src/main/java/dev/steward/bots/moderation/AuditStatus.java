package dev.steward.bots.moderation;

import dev.steward.bot.ops.StatusSection;
import dev.steward.bot.ops.StatusTable;
import dev.steward.bots.moderation.actions.Source;
import dev.steward.bots.moderation.audit.AuditEntry;
import dev.steward.bots.moderation.audit.AuditLog;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The newest audit-log lines as a table on the ops status page: when, what, against whom, where, how it ended and
 * who asked. Not the reason or the detail: a reason may quote what the user wrote.
 */
final class AuditStatus implements StatusSection {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final AuditLog audit;

  AuditStatus(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public StatusTable status(int limit) {
    return new StatusTable("Recent moderation actions", List.of("When", "Action", "Target", "Room", "Outcome", "By"),
        audit.recent(limit).stream().map(AuditStatus::row).toList(), "No moderation action yet.");
  }

  private static List<String> row(AuditEntry e) {
    return List.of(TIME.format(e.at()), e.action(), e.target(), e.room(), e.outcome(), by(e.source()));
  }

  private static String by(String stored) {
    try {
      return Source.parse(stored).label();
    } catch (RuntimeException e) {
      return stored; // a source written by another version: shown as stored
    }
  }
}

package dev.steward.bots.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.ops.StatusTable;
import dev.steward.bot.store.StewardStore;
import dev.steward.bots.moderation.audit.AuditEntry;
import dev.steward.bots.moderation.audit.AuditLog;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The moderation bot's table on the ops status page: the newest audit lines, without reasons or details. */
class AuditStatusTest {
  @Test
  void listsTheNewestActionsFirstWithoutTheirReasons() {
    try (StewardStore store = StewardStore.open("jdbc:h2:mem:audit-status-" + UUID.randomUUID(), "", "")) {
      AuditLog audit = new AuditLog(store);
      audit.record(new AuditEntry("k1", Instant.parse("2026-12-05T10:00:00Z"), "moderator:@mod:test", "kick",
          "@spammer:test", "!lobby:test", "said: buy my coins", "done", ""));
      audit.record(new AuditEntry("k2", Instant.parse("2026-12-05T11:00:00Z"), "protection:flood", "ban",
          "@spammer:test", "!lobby:test", "flooding", "failed", "M_FORBIDDEN the body of a message"));

      StatusTable table = new AuditStatus(audit).status(10);

      assertThat(table.title()).isEqualTo("Recent moderation actions");
      assertThat(table.rows()).containsExactly(
          List.of("2026-12-05 11:00:00 UTC", "ban", "@spammer:test", "!lobby:test", "failed", "protection flood"),
          List.of("2026-12-05 10:00:00 UTC", "kick", "@spammer:test", "!lobby:test", "done", "@mod:test"));
      assertThat(new AuditStatus(audit).status(1).rows()).hasSize(1);
    }
  }
}

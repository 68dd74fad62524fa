package dev.steward.bots.housekeeping;

import static dev.steward.test.BotTester.ALICE;
import static dev.steward.test.BotTester.BOB;
import static dev.steward.test.BotTester.BOT;
import static dev.steward.test.BotTester.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.Moderation;
import dev.steward.client.RoomId;
import dev.steward.client.testing.Await;
import dev.steward.client.testing.ExpectedFailures;
import dev.steward.test.BotTester;
import dev.steward.test.Sent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The housekeeping bot against the fake homeserver: its commands, bad input, and its reading of room history. */
class HousekeepingBotTest {
  private static final RoomId OTHER = RoomId.of("!other:test");
  private static final RoomId ADMIN = RoomId.of("!admin:test");

  private static BotTester start(Map<String, Object> section) {
    return BotTester.builder().bots(HousekeepingBot.class).section("housekeeping", section).start();
  }

  @Test
  void badArgumentsAreAnsweredWithTheUsageLine() {
    try (BotTester t = start(Map.of("prune_rooms", List.of(ROOM.value())))) {
      t.room().powerLevel(ALICE, 50);

      t.say(ALICE, "!idle many");
      assertThat(t.awaitReply().body()).isEqualTo("'many' is not a whole number. Usage: !idle [count]");
      t.say(ALICE, "!idle 0");
      assertThat(t.awaitReply().body()).isEqualTo("The count must be at least 1. Usage: !idle [count]");
      t.say(ALICE, "!unarchive lobby");
      assertThat(t.awaitReply().body()).endsWith("Usage: !unarchive [room]");
      t.say(ALICE, "!prune --force");
      assertThat(t.awaitReply().body())
          .isEqualTo("Unknown option '--force'; the one option is --dry-run. Usage: !prune [option]");
    }
  }

  @Test
  void unarchiveIsForModeratorsAndRestoresTheRoomExactly() {
    try (BotTester t = start(Map.of())) {
      ObjectNode before = t.room().powerLevels();
      assertThat(t.steward().client().moderation().archive(ROOM)).isTrue();

      t.say(BOB, "!unarchive");
      assertThat(t.awaitReply().body())
          .isEqualTo("Only moderators of " + ROOM + " (power level 50) may unarchive it; you have 0.");
      t.room().powerLevel(ALICE, 50);
      t.say(ALICE, "!unarchive");
      assertThat(t.awaitReply().body()).isEqualTo("Unarchived by " + ALICE + ": everyone can post here again.");
      t.say(ALICE, "!unarchive");
      assertThat(t.awaitReply().body()).isEqualTo(ROOM + " is not archived.");

      ObjectNode after = t.room().powerLevels();
      after.withObject("users").remove(ALICE.value());
      assertThat(after).isEqualTo(before);
      assertThat(t.steward().client().moderation().isArchived(ROOM)).isFalse();
    }
  }

  @Test
  void unarchiveNamesARoomFromElsewhereAndAnnouncesItThere() {
    try (BotTester t = start(Map.of())) {
      t.hs().room(OTHER).member(BOT, "Bot").member(ALICE, "Alice").powerLevel(BOT, 100).powerLevel(ALICE, 50);
      assertThat(t.steward().client().moderation().archive(OTHER)).isTrue();

      t.say(ALICE, "!unarchive " + OTHER);

      assertThat(t.awaitReply(OTHER).body()).isEqualTo("Unarchived by " + ALICE + ": everyone can post here again.");
      assertThat(t.await(Sent.Reaction.class, r -> r.room().equals(ROOM)).key()).isEqualTo("\u2705");
      assertThat(t.room().powerLevels().path("events_default").asLong()).isZero();
      assertThat(t.hs().room(OTHER).powerLevels().path("events_default").asLong()).isZero();
    }
  }

  @Test
  void idleReadsHistoryBackSkippingTheBotsOwnMessagesAndOtherBotsNotices() {
    try (BotTester t = start(Map.of("idle_after", "10000d"))) {
      t.room().powerLevel(ALICE, 50);
      // Long ago, before the bot joined: alice spoke, then another bot posted a notice and this bot a message.
      t.hs().room(OTHER).member(ALICE, "Alice");
      t.hs().push(OTHER, message("m.text", ALICE, "2020-01-01T00:00:00Z"));
      t.hs().push(OTHER, message("m.notice", BOB, "2021-01-01T00:00:00Z"));
      t.hs().push(OTHER, message("m.text", BOT, "2022-01-01T00:00:00Z"));
      t.hs().room(OTHER).member(BOT, "Bot");

      t.say(ALICE, "!idle");

      // 10000 days after alice's message, not after the notice or the bot's message; this room comes later.
      assertThat(t.awaitReply().body()).startsWith("Rooms to be archived next:\n- " + OTHER + " (" + OTHER
          + "): at 2047-05-19 00:00 UTC, in ");
    }
  }

  @Test
  void overridesApplyToARoomAndToTheRoomsOfASpaceAndTheRoomsOwnWins() {
    RoomId space = RoomId.of("!space:test");
    RoomId inSpace = RoomId.of("!in-space:test");
    ObjectNode via = JsonNodeFactory.instance.objectNode();
    via.putArray("via").add("test");
    try (BotTester t = start(Map.of("overrides", Map.of(space.value(), "never", ROOM.value(), "10000d")))) {
      t.room().powerLevel(ALICE, 50);
      t.hs().join(space, BOT);
      t.hs().state(ALICE, space, "m.space.child", inSpace.value(), via);
      t.hs().state(ALICE, space, "m.space.child", ROOM.value(), via);
      t.hs().join(inSpace, BOT);

      t.say(ALICE, "!idle");

      // The room in the space is never archived (nor the space, a room whose own key says never); ROOM, also in
      // the space, has its own 10000 days.
      assertThat(t.awaitReply().body()).startsWith("Rooms to be archived next:\n- " + ROOM + " (" + ROOM + "): at ")
          .endsWith("h").doesNotContain(inSpace.value()).doesNotContain(space.value());
    }
  }

  @Test
  void theJobWarnsAnIdleRoomFirstThenArchivesItWithANoticeSayingHowToUndoIt() {
    try (BotTester t = start(Map.of("schedule", "* * * * * ?", "idle_after", "2s", "warn_before", "1s"))) {
      Sent.Message warning = t.await(Sent.Message.class, m -> m.room().equals(ROOM));
      Sent.State archive = t.await(Sent.State.class, s -> s.type().equals(Moderation.ARCHIVE));
      Sent.Message notice = t.await(Sent.Message.class, m -> m.body().startsWith("This room was archived"));

      assertThat(warning.body()).startsWith("This room has had no messages for a while.");
      assertThat(warning.msgtype()).isEqualTo("m.notice");
      assertThat(t.sent()).containsSubsequence(warning, archive, notice);
      assertThat(notice.body()).contains("!unarchive " + ROOM);
      assertThat(t.room().powerLevels().path("events_default").asLong()).isEqualTo(50);
    }
  }

  @Test
  void pruneDryRunListsWhoWouldGoAndPruneKicksThemButNeverAModerator() {
    try (BotTester t = start(Map.of("prune_rooms", List.of(ROOM.value()), "prune_after", "1ms",
        "prune_warn_before", "0s", "prune_reason", "Too quiet"))) {
      t.room().powerLevel(ALICE, 50);

      t.say(ALICE, "!prune --dry-run");
      // Pruning had never seen bob: his silence starts now.
      assertThat(t.awaitReply().body()).isEqualTo("No one would be pruned now.");
      t.say(ALICE, "!prune --dry-run");
      assertThat(t.awaitReply().body()).startsWith("Would be pruned (silent past 1ms): Bob (" + BOB
          + ", silent since ").doesNotContain(ALICE.value());
      t.say(ALICE, "!prune");

      assertThat(t.awaitReply().body()).isEqualTo("Warned 0 and kicked 1 silent members.");
      assertThat(t.hs().sent(Sent.Membership.class)).containsExactly(
          new Sent.Membership(ROOM, Sent.Action.KICK, BOB, "Too quiet"));
    }
  }

  @Test
  void theNoticeOfAnArchiveCutShortByACrashIsPostedOnTheNextRun() {
    try (BotTester t = start(Map.of("schedule", "* * * * * ?"))) {
      // As a bot that died between archiving the room and posting the notice leaves it.
      t.steward().store().state(Ledger.NAMESPACE).put("archiving:" + ROOM, "1700000000000");
      assertThat(t.steward().client().moderation().archive(ROOM)).isTrue();

      Sent.Message notice = t.awaitReply();

      assertThat(notice.body()).startsWith("This room was archived: no one posted here for ");
      // Cleared right after the send: the next run does not post it again.
      Await.until(Duration.ofSeconds(10), "the record of the unfinished archive cleared",
          () -> t.steward().store().state(Ledger.NAMESPACE).get("archiving:" + ROOM).isEmpty()
              ? Optional.of(true) : Optional.empty());
    }
  }

  @Test
  void pruneDryRunOutsideThePruneRoomsSaysSo() {
    try (BotTester t = start(Map.of("prune_rooms", List.of(OTHER.value())))) {
      t.room().powerLevel(ALICE, 50);

      t.say(ALICE, "!prune --dry-run");

      assertThat(t.awaitReply().body()).isEqualTo("This room is not pruned: it is not in "
          + "bots.housekeeping.prune_rooms.");
    }
  }

  @Test
  @ExpectedFailures("the bot lacks the power to archive one room: the job reports it and goes on")
  void anArchiveRefusedForLackOfPowerIsReportedToTheAdminRoomAndTheOtherRoomsAreStillArchived() {
    try (BotTester t = BotTester.builder().bots(HousekeepingBot.class).section("housekeeping", Map.of(
        "schedule", "* * * * * ?", "idle_after", "2s", "warn_before", "1s", "admin_room", ADMIN.value())).start()) {
      t.hs().room(ADMIN).member(BOT, "Bot").member(ALICE, "Alice").powerLevel(BOT, 100);
      t.hs().room(OTHER).member(BOT, "Bot").member(ALICE, "Alice");

      // The room the bot may archive goes first: the report comes at the end of the run that failed on the other.
      t.await(Sent.Message.class, m -> m.room().equals(ROOM) && m.body().startsWith("This room was archived"));
      Sent.Message report = t.await(Sent.Message.class, m -> m.room().equals(ADMIN)
          && m.body().startsWith("Housekeeping problems:"));

      assertThat(report.body()).contains("could not archive the idle room in " + OTHER + ": FORBIDDEN");
      assertThat(report.html()).contains("<li>could not archive the idle room in " + OTHER);
      assertThat(t.hs().room(OTHER).powerLevels().path("events_default").asLong()).isZero();
      assertThat(t.hs().sent(Sent.Message.class)).as("the admin room is never warned nor archived")
          .noneMatch(m -> m.room().equals(ADMIN) && m.body().startsWith("This room"));
    }
  }

  @Test
  void aModeratorsMessageInAnArchivedRoomUnarchivesItWhenConfigured() {
    try (BotTester t = start(Map.of("unarchive_on_moderator_message", true))) {
      t.room().powerLevel(ALICE, 50);
      assertThat(t.steward().client().moderation().archive(ROOM)).isTrue();

      t.say(ALICE, "we are back");

      assertThat(t.awaitReply().body()).isEqualTo("Unarchived: " + ALICE + " posted here, so everyone can post "
          + "again.");
      assertThat(t.room().powerLevels().path("events_default").asLong()).isZero();
    }
  }

  @Test
  void leavesAndForgetsARoomTheBotIsAloneIn() {
    try (BotTester t = start(Map.of("schedule", "* * * * * ?", "leave_empty_after", "1s"))) {
      t.hs().room(OTHER).member(BOT, "Bot");

      Sent.Membership forget = t.await(Sent.Membership.class, m -> m.action() == Sent.Action.FORGET);

      assertThat(forget.room()).isEqualTo(OTHER);
      assertThat(t.hs().sent(Sent.Membership.class)).extracting(Sent.Membership::room).doesNotContain(ROOM);
    }
  }

  @Test
  @ExpectedFailures("the digest fires before the admin room exists on the fake homeserver: M_NOT_FOUND, retried")
  void theDigestGoesToTheAdminRoomAsATableWithAPlainTextBody() {
    try (BotTester t = BotTester.builder().bots(HousekeepingBot.class).section("housekeeping", Map.of(
        "schedule", "* * * * * ?", "idle_after", "2s", "warn_before", "1s", "admin_room", ADMIN.value(),
        "digest_schedule", "* * * * * ?")).start()) {
      t.hs().room(ADMIN).member(BOT, "Bot").member(ALICE, "Alice").powerLevel(BOT, 100);
      t.hs().room(ADMIN).member(BOB, "Bob");

      Sent.Message digest = t.await(Sent.Message.class, m -> m.room().equals(ADMIN)
          && m.body().contains("Rooms archived: " + ROOM));

      assertThat(digest.msgtype()).isEqualTo("m.notice");
      assertThat(digest.body()).startsWith("Housekeeping digest, ").contains("\nNew members: ");
      assertThat(digest.html()).contains("<table>", "<tr><th>Rooms archived</th><td>" + ROOM + "</td></tr>");
    }
  }

  private static ObjectNode message(String msgtype, dev.steward.client.UserId sender, String at) {
    ObjectNode event = JsonNodeFactory.instance.objectNode().put("type", "m.room.message")
        .put("sender", sender.value()).put("origin_server_ts", Instant.parse(at).toEpochMilli());
    event.putObject("content").put("msgtype", msgtype).put("body", "old news");
    return event;
  }
}

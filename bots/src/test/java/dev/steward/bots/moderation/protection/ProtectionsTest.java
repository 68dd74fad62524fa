package dev.steward.bots.moderation.protection;

import static dev.steward.test.BotTester.ALICE;
import static dev.steward.test.BotTester.BOB;
import static dev.steward.test.BotTester.BOT;
import static dev.steward.test.BotTester.ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.config.ConfigException;
import dev.steward.bots.moderation.ModerationBot;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.test.BotTester;
import dev.steward.test.Sent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The protections wired into the moderation bot, on the fake homeserver: what a protected room and the moderators see. */
class ProtectionsTest {
  private static final RoomId LOBBY = RoomId.of("!lobby:test");
  private static final UserId CAROL = UserId.of("@carol:test");
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** The bot with {@code protections}, managing from {@link BotTester#ROOM}, protecting {@link #LOBBY}. */
  private static BotTester start(Map<String, ?> protections) {
    return start(protections, Map.of());
  }

  /** As {@link #start(Map)} with more keys of the moderation section. */
  private static BotTester start(Map<String, ?> protections, Map<String, ?> more) {
    Map<String, Object> section = new java.util.LinkedHashMap<>(Map.of("management_room", ROOM.value(),
        "protected_rooms", List.of(LOBBY.value()), "moderators", List.of(ALICE.value()), "protections", protections));
    section.putAll(more);
    BotTester t = BotTester.builder().bots(ModerationBot.class).section("moderation", section).start();
    t.hs().room(LOBBY).member(BOT, "Bot").powerLevel(BOT, 100).member(BOB, "Bob");
    assertThat(t.await(Sent.Message.class, m -> m.room().equals(ROOM)).body())
        .startsWith("Moderation bot started: protecting 1 room(s), protections: ");
    return t;
  }

  private static Sent.Message awaitReport(BotTester t, String protection) {
    return t.hs().await(Sent.Message.class,
        m -> m.room().equals(ROOM) && m.body().contains("Protection " + protection + " in " + LOBBY), WAIT);
  }

  @Test
  void theStartNoticeNamesTheProtectionsThatAreOn() {
    try (BotTester t = start(Map.of("flooding", Map.of("enabled", true), "words",
        Map.of("enabled", true, "patterns", List.of("spam"))))) {
      assertThat(t.hs().sent(Sent.Message.class).get(0).body()).contains("protections: flooding, words");
    }
  }

  @Test
  void aFloodIsRedactedWholeAndTheFlooderBanned() {
    try (BotTester t = start(Map.of("flooding", Map.of("enabled", true, "max_messages", 3, "action", "ban")))) {
      List<EventId> burst = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        burst.add(t.say(BOB, LOBBY, "flood " + i));
      }

      for (EventId e : burst) {
        t.hs().await(Sent.Redaction.class, r -> r.target().equals(e), WAIT);
      }
      Sent.Membership ban = t.hs().await(Sent.Membership.class, m -> m.action() == Sent.Action.BAN, WAIT);
      assertThat(ban.user()).isEqualTo(BOB);
      assertThat(ban.room()).isEqualTo(LOBBY);
      assertThat(ban.reason()).isEqualTo("Protection: flooding");
      String report = awaitReport(t, "flooding").body();
      assertThat(report).contains(BOB + ": 4 messages in").contains("(more than 3 in 10s)")
          .contains(burst.get(0).value()).contains("redacted 4 event(s)").contains("banned " + BOB);
      assertThat(t.hs().room(LOBBY).membership(BOB)).hasValue("ban");
    }
  }

  @Test
  void aHitIsReportedOnceInANoticeThatPingsNobody() {
    try (BotTester t = start(Map.of("words", Map.of("enabled", true, "patterns", List.of("spam"),
        "action", "redact")))) {
      EventId spam = t.say(BOB, LOBBY, "spam for @room and @alice:test");

      t.hs().await(Sent.Redaction.class, r -> r.target().equals(spam), WAIT);
      Sent.Message report = awaitReport(t, "words");
      assertThat(report.body()).contains("and @alice:test\"").contains("redacted 1 event(s)");
      assertThat(report.content().get("m.mentions")).isNotNull();
      assertThat(report.content().get("m.mentions").isObject()).isTrue();
      assertThat(report.content().get("m.mentions").size()).isZero();
      // The redaction made before the report sends no notice of its own: the start notice and the one report only.
      assertThat(t.hs().sent(Sent.Message.class)).filteredOn(m -> m.room().equals(ROOM)).hasSize(2)
          .allSatisfy(m -> assertThat(m.content().path("m.mentions").isObject()).isTrue());
    }
  }

  @Test
  void byDefaultAFlooderIsMutedForMuteFor() {
    try (BotTester t = start(Map.of("mute_for", "2h", "flooding", Map.of("enabled", true, "max_messages", 2)))) {
      for (int i = 0; i < 3; i++) {
        t.say(BOB, LOBBY, "flood " + i);
      }

      String report = awaitReport(t, "flooding").body();
      assertThat(report).contains("redacted 3 event(s)").contains("muted " + BOB).contains(", until ");
      assertThat(t.hs().room(LOBBY).powerLevels().path("users").path(BOB.value()).asLong()).isLessThan(0);
      assertThat(t.hs().sent(Sent.Redaction.class)).hasSize(3);
    }
  }

  @Test
  void aModeratorsFloodIsLeftAlone() {
    try (BotTester t = start(Map.of("flooding", Map.of("enabled", true, "max_messages", 2),
        "words", Map.of("enabled", true, "patterns", List.of("buy\\s+now"), "action", "redact")))) {
      List<EventId> moderator = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        moderator.add(t.say(ALICE, LOBBY, "announcement " + i));
      }
      EventId spam = t.say(BOB, LOBBY, "BUY NOW");

      // Events of one room are handled in order: once Bob's message is dealt with, Alice's were judged before it.
      t.hs().await(Sent.Redaction.class, r -> r.target().equals(spam), WAIT);
      awaitReport(t, "words");
      assertThat(t.hs().sent(Sent.Redaction.class)).extracting(Sent.Redaction::target)
          .doesNotContainAnyElementsOf(moderator);
      assertThat(t.hs().sent(Sent.Membership.class)).isEmpty();
    }
  }

  @Test
  void aWordListHitIsRedactedAndWarnedAndAHarmlessMessageIsNot() {
    try (BotTester t = start(Map.of("words", Map.of("enabled", true, "patterns", List.of("fr[e3]{2}\\s*crypto"))))) {
      EventId harmless = t.say(BOB, LOBBY, "good morning");
      EventId bad = t.say(BOB, LOBBY, "get ＦＲＥＥ crypto here");

      Sent.Redaction redaction = t.hs().await(Sent.Redaction.class, r -> r.target().equals(bad), WAIT);
      assertThat(redaction.reason()).isEqualTo("Protection: a forbidden word or phrase");
      Sent.Message warning = t.hs().await(Sent.Message.class, m -> m.room().equals(LOBBY), WAIT);
      assertThat(warning.body()).isEqualTo(BOB + ": your message was removed (a forbidden word or phrase). "
          + "Please keep to the room's rules.");
      assertThat(awaitReport(t, "words").body())
          .contains("patterns[0] /fr[e3]{2}\\s*crypto/ matched \"get FREE crypto here\"")
          .contains(bad.value()).contains("warned " + BOB);
      assertThat(t.hs().sent(Sent.Redaction.class)).extracting(Sent.Redaction::target)
          .containsExactly(bad).doesNotContain(harmless);
    }
  }

  @Test
  void aProtectionsWarningCountsTowardsWarnLimitWithTheModeratorsWarnings() {
    try (BotTester t = start(Map.of("words", Map.of("enabled", true, "patterns", List.of("spam"))),
        Map.of("warn_limit", 3, "warn_action", "kick"))) {
      t.say(ALICE, "!warn @bob:test be nice");
      assertThat(t.awaitReply().body()).startsWith("@bob:test was warned by @alice:test (warning 1 of 3)");

      t.say(BOB, LOBBY, "spam one");
      assertThat(awaitReport(t, "words").body()).contains("warned " + BOB + " in the room (warning 2 of 3).");
      assertThat(t.hs().sent(Sent.Membership.class)).isEmpty();

      t.say(BOB, LOBBY, "spam two");
      Sent.Membership kick = t.hs().await(Sent.Membership.class, m -> m.action() == Sent.Action.KICK, WAIT);
      assertThat(kick.user()).isEqualTo(BOB);
      assertThat(kick.room()).isEqualTo(LOBBY);
      assertThat(kick.reason()).isEqualTo("reached 3 warnings");
      assertThat(t.hs().await(Sent.Message.class, m -> m.room().equals(ROOM) && m.body().contains("(warning 3 of 3)"),
          WAIT).body()).contains("; warn_limit reached: " + BOB + ": kicked in 1 of 1 room(s).");

      t.hs().room(LOBBY).member(BOB, "Bob");
      t.say(BOB, LOBBY, "spam three");
      assertThat(t.hs().await(Sent.Message.class, m -> m.room().equals(ROOM) && m.body().contains("(warning 1 of 3)")
          && m.body().startsWith("\uD83D\uDEE1"), WAIT).body())
          .contains("warned " + BOB + " in the room (warning 1 of 3).");
    }
  }

  private static ObjectNode edit(EventId original, String newBody) {
    ObjectNode c = new ObjectMapper().createObjectNode().put("msgtype", "m.text").put("body", "* " + newBody);
    c.putObject("m.new_content").put("msgtype", "m.text").put("body", newBody);
    c.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", original.value());
    return c;
  }

  private static EventId sticker(BotTester t, UserId sender) {
    ObjectNode e = new ObjectMapper().createObjectNode().put("type", "m.sticker").put("sender", sender.value());
    e.putObject("content").put("body", "a cat").put("url", "mxc://test/cat").putObject("info");
    return t.hs().push(LOBBY, e);
  }

  @Test
  void aMessageEditedIntoAForbiddenWordIsRedactedWithItsEdit() {
    try (BotTester t = start(Map.of("words", Map.of("enabled", true, "patterns", List.of("buy\\s+now"),
        "action", "redact")))) {
      EventId original = t.say(BOB, LOBBY, "good morning");
      EventId edited = t.hs().message(BOB, LOBBY, edit(original, "BUY NOW"));

      t.hs().await(Sent.Redaction.class, r -> r.target().equals(edited), WAIT);
      assertThat(awaitReport(t, "words").body()).contains("matched \"BUY NOW\"").contains(original.value())
          .contains(edited.value()).contains("redacted 2 event(s)");
      assertThat(t.hs().sent(Sent.Redaction.class)).extracting(Sent.Redaction::target)
          .containsExactlyInAnyOrder(original, edited);
    }
  }

  @Test
  void aMessageEditedIntoMentionSpamIsRedacted() {
    try (BotTester t = start(Map.of("mentions", Map.of("enabled", true, "max_mentions", 2, "action", "redact")))) {
      EventId original = t.say(BOB, LOBBY, "hi all");
      EventId edited = t.hs().message(BOB, LOBBY, edit(original, "hi @x1:test @x2:test @x3:test"));

      t.hs().await(Sent.Redaction.class, r -> r.target().equals(edited), WAIT);
      assertThat(awaitReport(t, "mentions").body()).contains("3 users mentioned in one message (more than 2)")
          .contains("redacted 2 event(s)");
      assertThat(t.hs().sent(Sent.Redaction.class)).extracting(Sent.Redaction::target)
          .containsExactlyInAnyOrder(original, edited);
    }
  }

  @Test
  void aNewcomersCleanFirstMessageEditedIntoALinkIsRedactedWithItsEdit() {
    try (BotTester t = start(Map.of("new_joiners", Map.of("enabled", true)))) {
      t.hs().room(LOBBY).member(CAROL, "Carol");
      EventId hello = t.say(CAROL, LOBBY, "hello everyone");
      EventId edited = t.hs().message(CAROL, LOBBY, edit(hello, "cheap stuff at https://spam.example/shop"));

      t.hs().await(Sent.Redaction.class, r -> r.target().equals(edited), WAIT);
      assertThat(awaitReport(t, "new_joiners").body()).contains("first message edited")
          .contains("to hold a link (held for review)").contains("redacted 2 event(s)");
      assertThat(t.hs().sent(Sent.Redaction.class)).extracting(Sent.Redaction::target)
          .containsExactlyInAnyOrder(hello, edited);
    }
  }

  @Test
  void stickersCountAsFloodingAndAsANewcomersMedia() {
    try (BotTester t = start(Map.of("flooding", Map.of("enabled", true, "max_messages", 2, "action", "redact")))) {
      List<EventId> burst = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        burst.add(sticker(t, BOB));
      }
      for (EventId e : burst) {
        t.hs().await(Sent.Redaction.class, r -> r.target().equals(e), WAIT);
      }
      assertThat(awaitReport(t, "flooding").body()).contains(BOB + ": 3 messages in").contains("redacted 3 event(s)");
    }
    try (BotTester t = start(Map.of("new_joiners", Map.of("enabled", true)))) {
      t.hs().room(LOBBY).member(CAROL, "Carol");
      EventId cat = sticker(t, CAROL);

      t.hs().await(Sent.Redaction.class, r -> r.target().equals(cat), WAIT);
      assertThat(awaitReport(t, "new_joiners").body()).contains("holds a sticker (held for review)");
    }
  }

  @Test
  void mentionSpamIsRedactedAndTheSpammerKicked() {
    try (BotTester t = start(Map.of("mentions", Map.of("enabled", true, "max_mentions", 2, "action", "kick")))) {
      t.hs().room(LOBBY).member(CAROL, "Carol Jones");
      EventId spam = t.say(BOB, LOBBY, "hey @x1:test @x2:test and carol jones!");

      t.hs().await(Sent.Redaction.class, r -> r.target().equals(spam), WAIT);
      Sent.Membership kick = t.hs().await(Sent.Membership.class, m -> m.action() == Sent.Action.KICK, WAIT);
      assertThat(kick.user()).isEqualTo(BOB);
      assertThat(awaitReport(t, "mentions").body()).contains("3 users mentioned in one message (more than 2)");
    }
  }

  @Test
  void aNewcomersFirstLinkIsRedactedAndHeldForReview() {
    try (BotTester t = start(Map.of("new_joiners", Map.of("enabled", true)))) {
      t.hs().room(LOBBY).member(CAROL, "Carol");
      EventId link = t.say(CAROL, LOBBY, "cheap stuff at https://spam.example/shop");

      t.hs().await(Sent.Redaction.class, r -> r.target().equals(link), WAIT);
      assertThat(awaitReport(t, "new_joiners").body()).contains("holds a link (held for review)")
          .contains("redacted 1 event(s)");
      assertThat(t.hs().sent(Sent.Membership.class)).isEmpty();
    }
  }

  @Test
  void aJoinWaveLocksTheRoomAndTheCoolOffRestoresItsJoinRule() {
    try (BotTester t = start(Map.of("join_waves", Map.of("enabled", true, "max_joins", 2, "window", "1m",
        "cool_off", "1s")))) {
      ObjectNode publicRule = new ObjectMapper().createObjectNode().put("join_rule", "public");
      t.hs().state(ALICE, LOBBY, "m.room.join_rules", "", publicRule);
      for (int i = 0; i < 3; i++) {
        t.hs().room(LOBBY).member(UserId.of("@raider" + i + ":test"));
      }

      Sent.State lock = t.hs().await(Sent.State.class, s -> s.type().equals("m.room.join_rules"), WAIT);
      assertThat(lock.room()).isEqualTo(LOBBY);
      assertThat(lock.content().path("join_rule").asText()).isEqualTo("invite");
      Sent.State restore = t.hs().await(Sent.State.class, s -> s.type().equals("m.room.join_rules")
          && s.content().path("join_rule").asText().equals("public"), WAIT);
      assertThat(restore.room()).isEqualTo(LOBBY);
      assertThat(t.hs().room(LOBBY).state("m.room.join_rules", "")).hasValue(publicRule);
    }
  }

  @Test
  void theReportActionOnlyTellsTheModeratorsAndTouchesNothing() {
    try (BotTester t = start(Map.of("words", Map.of("enabled", true, "patterns", List.of("spam"),
        "action", "report")))) {
      EventId spam = t.say(BOB, LOBBY, "spam spam spam");

      assertThat(awaitReport(t, "words").body()).contains(spam.value())
          .endsWith("nothing changed (action: report).");
      assertThat(t.hs().sent(Sent.Redaction.class)).isEmpty();
      assertThat(t.hs().sent(Sent.Membership.class)).isEmpty();
      assertThat(t.hs().sent(Sent.Message.class)).noneMatch(m -> m.room().equals(LOBBY));
    }
  }

  @Test
  void aBadPatternStopsTheBotBeforeLoginNamingItsKey() {
    assertThatThrownBy(() -> start(Map.of("words", Map.of("enabled", true, "patterns", List.of("ok", "(bad")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config error at 'bots.moderation.protections.words.patterns[1]': "
            + "not a valid regular expression");
  }
}

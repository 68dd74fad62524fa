package dev.steward.bots.moderation;

import static dev.steward.test.BotTester.ALICE;
import static dev.steward.test.BotTester.BOB;
import static dev.steward.test.BotTester.BOT;
import static dev.steward.test.BotTester.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.test.BotTester;
import dev.steward.test.FakeHomeserver;
import dev.steward.test.Sent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The moderation bot's commands on the fake homeserver: every bad line answers with its usage line, every refusal
 * says why and changes nothing. The management room is {@link BotTester#ROOM}; alice is listed in
 * {@code moderators}, carol is a moderator by her power level 50 there, bob is nobody, dave moderates the lobby only.
 */
class ModerationCommandsTest {
  static final RoomId LOBBY = RoomId.of("!lobby:test");
  static final RoomId HALL = RoomId.of("!hall:test");
  static final UserId CAROL = UserId.of("@carol:test");
  static final UserId DAVE = UserId.of("@dave:test");
  static final UserId SPAM = UserId.of("@spam:test");
  static final UserId SPAM2 = UserId.of("@spam2:bad.example");
  static final UserId BOSS = UserId.of("@boss:test");

  static BotTester start(Map<String, Object> extra) {
    return start(extra, hs -> {});
  }

  /** As {@link #start(Map)}, preparing the fake homeserver with {@code before} first. */
  static BotTester start(Map<String, Object> extra, java.util.function.Consumer<FakeHomeserver> before) {
    Map<String, Object> section = new LinkedHashMap<>(Map.of("management_room", ROOM.value(),
        "moderators", List.of(ALICE.value())));
    section.putAll(extra);
    BotTester t = BotTester.builder().bots(ModerationBot.class).section("moderation", section).before(before)
        .start();
    assertThat(t.awaitReply().body()).startsWith("Moderation bot started");
    t.room().member(CAROL, "Carol").powerLevel(CAROL, 50);
    for (RoomId room : List.of(LOBBY, HALL)) {
      t.hs().room(room).member(BOT, "Bot").powerLevel(BOT, 100).member(SPAM).member(SPAM2).member(BOB)
          .member(DAVE).member(BOSS);
    }
    t.hs().room(LOBBY).powerLevel(BOSS, 100).powerLevel(DAVE, 50);
    t.hs().room(HALL).member(ALICE);
    for (RoomId room : List.of(LOBBY, HALL)) {
      t.say(ALICE, "!rooms add " + room.value());
      // skips notices of optional parts that may come in between (e.g. abuse reports' first poll)
      t.await(Sent.Message.class, m -> m.room().equals(ROOM) && m.body().startsWith("Now protecting " + room));
    }
    return t;
  }

  static String answer(BotTester t, UserId who, String line) {
    t.say(who, line);
    return t.awaitReply().body();
  }

  private static long memberships(BotTester t) {
    return t.sent().stream().filter(s -> s instanceof Sent.Membership).count();
  }

  @Test
  void everyBadCommandLineAnswersWithItsUsageLine() {
    Map<String, String> cases = new LinkedHashMap<>();
    String ban = "!ban <user|glob> [duration] [reason] [--room <room>] [--list <shortcode>] [--dry-run]";
    cases.put("!ban", "Missing user or glob. Usage: " + ban);
    cases.put("!ban notauser", "Not a user id or glob: notauser. Usage: " + ban);
    cases.put("!ban @spam:test --frob", "Unknown option --frob. Usage: " + ban);
    cases.put("!ban @spam:test --room", "--room needs a value. Usage: " + ban);
    cases.put("!ban @spam:test --room !nope:test", "!nope:test is not a protected room. Usage: " + ban);
    cases.put("!ban @spam:test --room nope", "Not a room id or alias: nope. Usage: " + ban);
    cases.put("!ban @spam --dry-run", "Not a user id: @spam. Usage: " + ban);
    cases.put("!ban @spam:test --list nope", "No ban list with short code 'nope' (publish_lists is empty). Usage: "
        + ban);
    cases.put("!ban @*spam --dry-run", "A user glob looks like @*:server or @name*:*, not @*spam. Usage: " + ban);
    check(cases);
    cases.clear();
    cases.put("!unban", "Missing user or glob. Usage: !unban <user|glob> [--room <room>] [--list <shortcode>] "
        + "[--dry-run]");
    cases.put("!unban @spam:test because", "Unexpected 'because'. Usage: !unban <user|glob> [--room <room>] "
        + "[--list <shortcode>] [--dry-run]");
    cases.put("!kick", "Missing user or glob. Usage: !kick <user|glob> [reason] [--room <room>] [--dry-run]");
    cases.put("!kick @spam:test --list x", "Unknown option --list. Usage: !kick <user|glob> [reason] "
        + "[--room <room>] [--dry-run]");
    String mute = "!mute <user> [duration] [reason] [--room <room>] [--dry-run]";
    cases.put("!mute", "Missing user. Usage: " + mute);
    cases.put("!mute @*:bad.example", "Mute takes one user, not a glob. Usage: " + mute);
    cases.put("!unmute", "Missing user. Usage: !unmute <user> [--room <room>] [--dry-run]");
    cases.put("!warn", "Missing user. Usage: !warn <user> [reason]");
    String redact = "!redact <user> [limit] [reason] [--room <room>] [--dry-run]";
    cases.put("!redact", "Missing user. Usage: " + redact);
    cases.put("!redact @spam:test 0", "The count must be between 1 and 500, not 0. Usage: " + redact);
    cases.put("!status now", "Unexpected 'now'. Usage: !status");
    cases.put("!audit @spam:test many", "Not a count: many. Usage: !audit [user] [count]");
    cases.put("!rooms frob", "Unknown subcommand 'frob'. Usage: !rooms [list | add <room> | remove <room>]");
    cases.put("!rooms add", "Missing room. Usage: !rooms [list | add <room> | remove <room>]");
    cases.put("!lists frob", "Unknown subcommand 'frob'. Usage: !lists [list | watch <room> | unwatch <room>]");
    check(cases);
  }

  /** Sends each line as alice and expects its answer; nothing may change. Under the room's reply budget of 20. */
  private static void check(Map<String, String> cases) {
    assertThat(cases.size()).isLessThan(17);
    try (BotTester t = start(Map.of())) {
      long before = memberships(t);
      cases.forEach((line, expected) -> assertThat(answer(t, ALICE, line)).as(line).isEqualTo(expected));
      assertThat(memberships(t)).isEqualTo(before);
    }
  }

  @Test
  void nonModeratorsAreRefusedEveryCommandAndNothingChanges() {
    try (BotTester t = start(Map.of())) {
      long before = memberships(t);
      for (String line : List.of("!ban @spam:test", "!unban @spam:test", "!kick @spam:test", "!mute @spam:test",
          "!unmute @spam:test", "!warn @spam:test", "!redact @spam:test", "!status", "!audit", "!rooms",
          "!lists", "!ban @spam:test --list x", "!report 1 ban")) {
        String command = line.split(" ")[0];
        assertThat(answer(t, BOB, line)).as(line).isEqualTo("Refused: only moderators may use " + command
            + " (power level 50 in the management room, or listed in moderators).");
      }
      t.say(BOB, LOBBY, "!ban @spam:test");
      assertThat(t.awaitReply(LOBBY).body()).startsWith("Refused: only moderators may use !ban (power level 50 in "
          + "the management room or in this room");
      assertThat(memberships(t)).isEqualTo(before);
    }
  }

  @Test
  void neverActsAgainstItselfModeratorsOrUsersAtItsOwnLevelAndSaysWhy() {
    try (BotTester t = start(Map.of())) {
      long before = memberships(t);
      assertThat(answer(t, CAROL, "!ban @bot:test")).isEqualTo(
          "Refused: the bot will not ban @bot:test: that is the bot itself.");
      assertThat(answer(t, CAROL, "!kick @alice:test")).isEqualTo(
          "Refused: the bot will not kick @alice:test: @alice:test is listed in moderators.");
      assertThat(answer(t, ALICE, "!mute @carol:test 5m")).isEqualTo("Refused: the bot will not mute @carol:test: "
          + "@carol:test is a moderator (power level 50 in the management room).");
      assertThat(answer(t, ALICE, "!warn @bot:test")).isEqualTo(
          "Refused: the bot will not warn @bot:test: that is the bot itself.");
      assertThat(answer(t, ALICE, "!redact @alice:test")).isEqualTo(
          "Refused: the bot will not redact @alice:test: @alice:test is listed in moderators.");
      assertThat(memberships(t)).isEqualTo(before);

      String report = answer(t, ALICE, "!ban @boss:test");

      assertThat(report).contains("banned @boss:test in 1 of 2 room(s)")
          .contains("!lobby:test: refused (@boss:test's power level 100 is not below the bot's 100 there)")
          .contains("!hall:test: done");
      assertThat(t.hs().room(LOBBY).membership(BOSS)).contains("join");
      assertThat(t.hs().room(HALL).membership(BOSS)).contains("ban");
    }
  }

  @Test
  void aRoomsOwnModeratorActsInThatRoomOnly() {
    try (BotTester t = start(Map.of())) {
      t.say(DAVE, LOBBY, "!ban @spam:test --room " + HALL.value());
      assertThat(t.awaitReply(LOBBY).body()).startsWith("You moderate !lobby:test only. Usage: !ban");
      t.say(DAVE, LOBBY, "!rooms remove " + LOBBY.value());
      assertThat(t.awaitReply(LOBBY).body()).isEqualTo(
          "Refused: only moderators of every protected room may change the list.");

      t.say(DAVE, LOBBY, "!ban @spam:test flooding");

      assertThat(t.awaitReply(LOBBY).body()).contains("@dave:test banned @spam:test in 1 of 1 room(s)")
          .contains("Reason: flooding");
      assertThat(t.hs().room(LOBBY).membership(SPAM)).contains("ban");
      assertThat(t.hs().room(HALL).membership(SPAM)).contains("join");
    }
  }

  @Test
  void aTimedBanSaysWhenItEnds() {
    try (BotTester t = start(Map.of())) {
      java.time.Instant before = java.time.Instant.now();

      String report = answer(t, ALICE, "!ban @spam:test 2h spam --room " + HALL.value());

      assertThat(report).startsWith("\u2705 @alice:test banned @spam:test in 1 of 1 room(s)").contains(", until ")
          .endsWith("Reason: spam\n- !hall:test: done");
      java.time.Instant until =
          java.time.Instant.parse(report.replaceAll("(?s).*, until (\\S+)\\. Reason.*", "$1"));
      assertThat(until).isBetween(before.plusSeconds(7199), before.plusSeconds(7260));
      assertThat(t.hs().room(HALL).membership(SPAM)).contains("ban");
      assertThat(t.hs().room(LOBBY).membership(SPAM)).contains("join");
    }
  }

  @Test
  void aDryRunGlobListsTheMatchingMembersAndChangesNothing() {
    try (BotTester t = start(Map.of())) {
      long before = memberships(t);

      String reply = answer(t, ALICE, "!ban @*:BAD.example --dry-run");

      assertThat(reply).isEqualTo("Dry run: would ban 1 member(s) matching @*:BAD.example in 2 room(s); nothing "
          + "was changed:\n- @spam2:bad.example");
      assertThat(memberships(t)).isEqualTo(before);
      assertThat(answer(t, ALICE, "!kick @nobody*:* --dry-run")).isEqualTo(
          "No member of the 2 room(s) matches @nobody*:*.");
    }
  }

  @Test
  void aGlobBanBansEachMatchingMemberInEveryRoomButNeverAModerator() {
    try (BotTester t = start(Map.of())) {
      String report = answer(t, ALICE, "!ban @*:* spam wave");

      assertThat(report).startsWith("@alice:test: ban @*:* \u2192 5 member(s) in 2 room(s). Reason: spam wave")
          .contains("- @spam2:bad.example: banned in 2 of 2 room(s)").contains("- @spam:test: banned in 2 of 2")
          .contains("- @bob:test: banned in 2 of 2")
          .contains("- @boss:test: banned in 1 of 2 room(s), !lobby:test refused (@boss:test's power level 100 is "
              + "not below the bot's 100 there)")
          .contains("- @dave:test: banned in 1 of 2 room(s), !lobby:test refused (@dave:test is a moderator there "
              + "(power level 50))")
          .contains("not touched: @alice:test (@alice:test is listed in moderators)");
      assertThat(t.hs().room(HALL).membership(SPAM2)).contains("ban");
      assertThat(t.hs().room(HALL).membership(ALICE)).contains("join");
      assertThat(t.hs().room(LOBBY).membership(BOSS)).contains("join");
      assertThat(t.hs().room(HALL).membership(BOSS)).contains("ban");
    }
  }

  @Test
  void reachingTheWarningLimitAppliesTheWarnAction() {
    try (BotTester t = start(Map.of("warn_limit", 2, "warn_action", "kick"))) {
      assertThat(answer(t, ALICE, "!warn @spam:test be nice")).isEqualTo(
          "@spam:test was warned by @alice:test (warning 1 of 2). Reason: be nice\nTold them in !hall:test, "
              + "!lobby:test.");
      for (RoomId room : List.of(LOBBY, HALL)) {
        Sent.Message told = t.hs().await(Sent.Message.class, m -> m.room().equals(room), Duration.ofSeconds(5));
        assertThat(told.body()).isEqualTo("@spam:test: you have been warned by the moderators (warning 1 of 2). "
            + "Reason: be nice");
        assertThat(told.content().path("m.mentions").path("user_ids").toString()).isEqualTo("[\"@spam:test\"]");
      }
      assertThat(answer(t, ALICE, "!warn @spam:test last chance")).startsWith(
          "@spam:test was warned by @alice:test (warning 2 of 2)");

      assertThat(t.awaitReply().body()).startsWith("\u2705 the bot (warn_limit 2) kicked @spam:test in 2 of 2");
      assertThat(t.hs().room(LOBBY).membership(SPAM)).contains("leave");
      assertThat(answer(t, ALICE, "!audit @spam:test 3")).startsWith("The last 3 audit entries about @spam:test:")
          .contains("the bot (warn_limit 2): kick @spam:test in !");
    }
  }

  @Test
  void aListRuleBansMatchingMembersAndItsRemovalUnbansOnlyWhereItBanned() {
    RoomId list = RoomId.of("!list:test");
    try (BotTester t = start(Map.of())) {
      t.hs().room(list).member(BOT, "Bot").member(ALICE);
      t.hs().room(HALL).member(UserId.of("@spam3:bad.example"));
      t.hs().ban(HALL, ALICE, UserId.of("@spam3:bad.example"), "by hand");
      // Rooms are handled in parallel: an answer in the hall shows the bot has seen the ban there (else the rule
      // below could still find spam3 among the hall's members and count them).
      t.say(ALICE, HALL, "!audit 1");
      t.awaitReply(HALL);
      assertThat(answer(t, ALICE, "!lists watch " + list.value())).isEqualTo("Watching " + list + ": 0 rule(s).");

      t.hs().state(ALICE, list, "m.policy.rule.server", "s1", JsonNodeFactory.instance.objectNode()
          .put("entity", "*.EXAMPLE").put("recommendation", "m.ban").put("reason", "spam server"));

      assertThat(t.awaitReply().body()).startsWith("Ban lists: new rule *.EXAMPLE in !list:test matches 1 member(s):")
          .contains("@spam2:bad.example: banned in 2 of 2 room(s)");

      t.hs().state(ALICE, list, "m.policy.rule.server", "s1", JsonNodeFactory.instance.objectNode());

      assertThat(t.awaitReply().body()).startsWith("Ban lists: rule *.EXAMPLE in !list:test was removed:")
          .contains("@spam2:bad.example: unbanned in 2 of 2 room(s)");
      assertThat(t.hs().room(HALL).membership(SPAM2)).contains("leave");
      assertThat(t.hs().room(HALL).membership(UserId.of("@spam3:bad.example"))).contains("ban");

      var rule = t.hs().state(ALICE, list, "m.policy.rule.user", "u1", JsonNodeFactory.instance.objectNode()
          .put("entity", "@spam:test").put("recommendation", "m.ban"));
      assertThat(t.awaitReply().body()).contains("@spam:test: banned in 2 of 2 room(s)");
      t.hs().redact(ALICE, list, rule);

      assertThat(t.awaitReply().body()).startsWith("Ban lists: rule @spam:test in !list:test was removed:")
          .contains("@spam:test: unbanned in 2 of 2 room(s)");
      assertThat(t.hs().room(LOBBY).membership(SPAM)).contains("leave");
    }
  }

  @Test
  void aListLimitedToOneRoomBansAndUnbansOnlyThere() {
    RoomId list = RoomId.of("!scoped:test");
    UserId late = UserId.of("@late:test");
    try (BotTester t = start(Map.of("list_scopes", Map.of(list.value(), List.of(LOBBY.value()))))) {
      t.hs().room(list).member(BOT, "Bot").member(ALICE);
      t.hs().ban(HALL, ALICE, SPAM, "by hand");
      assertThat(answer(t, ALICE, "!lists watch " + list.value())).isEqualTo("Watching " + list + ": 0 rule(s).");
      assertThat(answer(t, ALICE, "!lists")).contains("\n- !scoped:test: 0 rule(s), applies in !lobby:test");

      t.hs().state(ALICE, list, "m.policy.rule.user", "u1", JsonNodeFactory.instance.objectNode()
          .put("entity", "@spam*:*").put("recommendation", "m.ban"));

      assertThat(t.awaitReply().body()).startsWith("Ban lists: new rule @spam*:* in !scoped:test matches 2 member(s):")
          .contains("@spam:test: banned in 1 of 1 room(s)").contains("@spam2:bad.example: banned in 1 of 1 room(s)");
      assertThat(t.hs().room(LOBBY).membership(SPAM2)).contains("ban");
      assertThat(t.hs().room(HALL).membership(SPAM2)).contains("join");

      t.hs().state(ALICE, list, "m.policy.rule.user", "u1", JsonNodeFactory.instance.objectNode());

      assertThat(t.awaitReply().body()).startsWith("Ban lists: rule @spam*:* in !scoped:test was removed:")
          .contains("@spam:test: unbanned in 1 of 1 room(s)").contains("@spam2:bad.example: unbanned in 1 of 1");
      assertThat(t.hs().room(LOBBY).membership(SPAM)).contains("leave");
      assertThat(t.hs().room(HALL).membership(SPAM)).contains("ban");
      assertThat(t.hs().room(HALL).membership(SPAM2)).contains("join");

      t.hs().join(HALL, late);
      t.hs().join(LOBBY, late);
      // Rooms are handled in parallel: an answer in the lobby shows the bot has seen late join there, so the rule
      // below finds them a member (else late's join could come second and be reported as a joiner who matches).
      t.say(ALICE, LOBBY, "!audit 1");
      t.awaitReply(LOBBY);
      t.hs().state(ALICE, list, "m.policy.rule.user", "u2", JsonNodeFactory.instance.objectNode()
          .put("entity", "@late*:test").put("recommendation", "m.ban"));
      assertThat(t.awaitReply().body()).startsWith("Ban lists: new rule @late*:test in !scoped:test matches 1 member")
          .contains("@late:test: banned in 1 of 1 room(s)");

      UserId later = UserId.of("@later:test");
      t.hs().join(HALL, later);
      t.hs().join(LOBBY, later);

      assertThat(t.awaitReply().body()).startsWith("Ban lists: @later:test joined !lobby:test and matches @late*:test: "
          + "@later:test: banned in 1 of 1 room(s)");
      assertThat(answer(t, ALICE, "!lists")).contains("!scoped:test: 1 rule(s), applies in !lobby:test");
      assertThat(t.hs().room(HALL).membership(late)).contains("join");
      assertThat(t.hs().room(HALL).membership(later)).contains("join");
      assertThat(t.hs().room(LOBBY).membership(late)).contains("ban");
    }
  }

  @Test
  void banAndUnbanWithListPublishAndWithdrawARuleInOurList() {
    RoomId list = RoomId.of("!ours:test");
    try (BotTester t = start(Map.of("publish_lists", Map.of("spam", list.value())))) {
      t.hs().room(list).member(BOT, "Bot").powerLevel(BOT, 100);

      // The list room was made after the bot started, so it could not follow it then.
      assertThat(answer(t, ALICE, "!ban @*:bad.example --list spam known spammers")).isEqualTo(
          "Added @*:bad.example to ban list 'spam'.");

      Sent.State published = t.hs().sent(Sent.State.class).stream().filter(s -> s.room().equals(list))
          .reduce((a, b) -> b).orElseThrow();
      assertThat(published.type()).isEqualTo("m.policy.rule.user");
      assertThat(published.stateKey()).isEqualTo("rule:@*:bad.example");
      assertThat(published.content().path("entity").asText()).isEqualTo("@*:bad.example");
      assertThat(published.content().path("recommendation").asText()).isEqualTo("m.ban");
      assertThat(published.content().path("reason").asText()).isEqualTo("known spammers");

      assertThat(answer(t, ALICE, "!unban @*:bad.example --list spam")).isEqualTo(
          "Removed @*:bad.example from ban list 'spam'.");
      Sent.State withdrawn = t.hs().sent(Sent.State.class).stream().filter(s -> s.room().equals(list))
          .reduce((a, b) -> b).orElseThrow();
      assertThat(withdrawn.stateKey()).isEqualTo("rule:@*:bad.example");
      assertThat(withdrawn.content().size()).isZero();
      assertThat(answer(t, ALICE, "!unban @nobody:x --list spam")).isEqualTo(
          "Ban list 'spam' has no rule for @nobody:x.");
    }
  }
}

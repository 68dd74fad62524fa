package dev.steward.bots.moderation;

import static dev.steward.bots.moderation.ModerationCommandsTest.BOSS;
import static dev.steward.bots.moderation.ModerationCommandsTest.CAROL;
import static dev.steward.bots.moderation.ModerationCommandsTest.DAVE;
import static dev.steward.bots.moderation.ModerationCommandsTest.HALL;
import static dev.steward.bots.moderation.ModerationCommandsTest.LOBBY;
import static dev.steward.bots.moderation.ModerationCommandsTest.SPAM;
import static dev.steward.bots.moderation.ModerationCommandsTest.SPAM2;
import static dev.steward.bots.moderation.ModerationCommandsTest.answer;
import static dev.steward.bots.moderation.ModerationCommandsTest.start;
import static dev.steward.test.BotTester.ALICE;
import static dev.steward.test.BotTester.BOB;
import static dev.steward.test.BotTester.BOT;
import static dev.steward.test.BotTester.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bots.moderation.reports.AbuseReports;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.test.BotTester;
import dev.steward.test.Sent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The moderation bot's optional parts on the fake homeserver: the server ACL kept from server rules, moderators'
 * own bans applied everywhere, abuse reports forwarded and acted on, lists limited to a space, and warnings told to
 * the warned user. Rooms and people as in {@link ModerationCommandsTest}.
 */
class ModerationFeaturesTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String REPORTS = "/_synapse/admin/v1/event_reports";

  private static Sent.Message notice(BotTester t, String start) {
    return t.await(Sent.Message.class, m -> m.room().equals(ROOM) && m.body().startsWith(start));
  }

  private static ObjectNode rule(String entity) {
    return JSON.objectNode().put("entity", entity).put("recommendation", "m.ban");
  }

  private static JsonNode acl(BotTester t, RoomId room) {
    return t.hs().room(room).state("m.room.server_acl", "").orElseThrow();
  }

  @Test
  void serverRulesKeepTheServerAclKeepingHandEntriesAndNeverDenyingTheBotsOwnServer() {
    RoomId list = RoomId.of("!acl-list:test");
    try (BotTester t = start(Map.of("server_acl", true))) {
      t.hs().room(list).member(BOT, "Bot").member(ALICE);
      ObjectNode byHand = JSON.objectNode().put("allow_ip_literals", false);
      byHand.putArray("allow").add("*");
      byHand.putArray("deny").add("hand.example");
      t.hs().state(ALICE, LOBBY, "m.room.server_acl", "", byHand);
      assertThat(answer(t, ALICE, "!lists watch " + list.value())).isEqualTo("Watching " + list + ": 0 rule(s).");

      t.hs().state(ALICE, list, "m.policy.rule.server", "s1", rule("*.Evil.example"));

      assertThat(notice(t, "Server ACL:").body()).contains("- !lobby:test: denied *.evil.example")
          .contains("- !hall:test: denied *.evil.example");
      assertThat(acl(t, LOBBY).toString()).isEqualTo(
          "{\"allow\":[\"*\"],\"deny\":[\"hand.example\",\"*.evil.example\"],\"allow_ip_literals\":false}");
      assertThat(acl(t, HALL).toString()).isEqualTo(
          "{\"allow\":[\"*\"],\"deny\":[\"*.evil.example\"],\"allow_ip_literals\":true}");

      t.hs().state(ALICE, list, "m.policy.rule.server", "s2", rule("te*"));

      assertThat(notice(t, "Server ACL: leaving out").body()).isEqualTo("Server ACL: leaving out te* (rule in "
          + "!acl-list:test): it would shut out the bot's own server test.");

      t.hs().state(ALICE, list, "m.policy.rule.server", "s1", JSON.objectNode());

      for (RoomId room : List.of(LOBBY, HALL)) { // one notice or two: updates run while rules change
        t.hs().await(Sent.Message.class, m -> m.room().equals(ROOM) && m.body().startsWith("Server ACL:\n")
            && m.body().contains("- " + room + ": no longer denied *.evil.example"), Duration.ofSeconds(10));
      }
      assertThat(acl(t, LOBBY).path("deny").toString()).isEqualTo("[\"hand.example\"]");
      assertThat(acl(t, HALL).path("deny").toString()).isEqualTo("[]");
    }
  }

  @Test
  void aModeratorsOwnBanIsAppliedToTheOtherRoomsAndPublishedAndTheirUnbanLikewise() {
    RoomId list = RoomId.of("!ours:test");
    try (BotTester t = start(Map.of("publish_lists", Map.of("spam", list.value()),
        "native_bans", Map.of("propagate", true, "unbans", true, "publish", "spam")))) {
      t.hs().room(list).member(BOT, "Bot").powerLevel(BOT, 100);

      t.hs().ban(LOBBY, CAROL, SPAM, "spamming");

      assertThat(notice(t, "@carol:test banned @spam:test in !lobby:test with their own client").body())
          .contains("@carol:test banned @spam:test in 1 of 1 room(s)").contains("- !hall:test: done")
          .endsWith("Added @spam:test to ban list 'spam'.");
      assertThat(t.hs().room(HALL).membership(SPAM)).contains("ban");
      Sent.State published = t.hs().await(Sent.State.class, s -> s.room().equals(list), Duration.ofSeconds(5));
      assertThat(published.content().path("entity").asText()).isEqualTo("@spam:test");
      assertThat(published.content().path("reason").asText()).isEqualTo("spamming (ban by @carol:test in "
          + "!lobby:test)");

      t.hs().state(CAROL, LOBBY, "m.room.member", SPAM.value(), JSON.objectNode().put("membership", "leave"));

      assertThat(notice(t, "@carol:test unbanned @spam:test in !lobby:test with their own client").body())
          .contains("unbanned @spam:test in 1 of 1 room(s)").endsWith("Removed @spam:test from ban list 'spam'.");
      assertThat(t.hs().room(HALL).membership(SPAM)).contains("leave");

      t.hs().ban(LOBBY, DAVE, BOB, "mine");
      assertThat(notice(t, "@dave:test banned @bob:test").body()).isEqualTo("@dave:test banned @bob:test in "
          + "!lobby:test with their own client; not applied elsewhere: they moderate !lobby:test only.");

      t.hs().ban(HALL, CAROL, BOSS, "boss");
      assertThat(notice(t, "@carol:test banned @boss:test in !hall:test").body()).contains(
          "!lobby:test: refused (@boss:test's power level 100 is not below the bot's 100 there)")
          .endsWith("Not added to ban list 'spam': the bot refused to ban @boss:test in some room.");
      assertThat(t.hs().sent(Sent.State.class).stream().filter(s -> s.room().equals(list)))
          .as("only @spam:test was ever published").allSatisfy(
              s -> assertThat(s.content().path("entity").asText("@spam:test")).isEqualTo("@spam:test"));

      t.hs().ban(HALL, CAROL, ALICE, "a moderator");
      assertThat(notice(t, "@carol:test banned @alice:test in !hall:test").body())
          .startsWith("@carol:test banned @alice:test in !hall:test with their own client; not applied "
              + "elsewhere and not published: ");

      assertThat(t.hs().room(HALL).membership(BOB)).contains("join");
      assertThat(t.hs().room(LOBBY).membership(BOSS)).contains("join");
      assertThat(t.sent().stream().filter(s -> s instanceof Sent.Membership m && m.user().equals(SPAM)
          && m.action() == Sent.Action.BAN)).as("the bot's own ban did not come back as a native ban").hasSize(1);
    }
  }

  @Test
  void anAbuseReportIsForwardedOnceSafelyAndAModeratorsReactionBansItsSender() throws InterruptedException {
    ObjectNode old = JSON.objectNode().put("total", 1);
    old.putArray("event_reports").addObject().put("id", 2).put("event_id", "$old:test").put("room_id", LOBBY.value())
        .put("user_id", BOB.value()).put("received_ts", 1);
    RoomId list = RoomId.of("!reports:test");
    try (BotTester t = start(Map.of("abuse_reports", Map.of("enabled", true, "poll_every", "1s"),
        "publish_lists", Map.of("spam", list.value())), hs -> hs.answer("GET", REPORTS, 200, old))) {
      t.hs().room(list).member(BOT, "Bot").powerLevel(BOT, 100);
      assertThat(t.hs().await(Sent.Message.class, m -> m.body().startsWith("Abuse reports"), Duration.ofSeconds(10))
          .body()).isEqualTo("Abuse reports: forwarding those of the last 24 hours; 1 older report(s) are not "
          + "forwarded (Synapse's admin API still lists them).");
      EventId bad = t.say(SPAM, LOBBY, "buy now at https://spam.example/x");
      ObjectNode page = JSON.objectNode().put("total", 2);
      page.putArray("event_reports").addObject().put("id", 3).put("event_id", bad.value())
          .put("room_id", LOBBY.value()).put("user_id", BOB.value()).put("sender", SPAM.value())
          .put("reason", "spam\u202Eevil").put("received_ts", 1);
      page.withArray("event_reports").add(old.path("event_reports").get(0));
      ObjectNode detail = JSON.objectNode().put("id", 3);
      detail.putObject("event_json").put("type", "m.room.message").put("sender", SPAM.value())
          .putObject("content").put("msgtype", "m.text").put("body", "buy now at\nhttps://spam.example/x");
      t.hs().answer("GET", REPORTS + "/3", 200, detail);
      t.hs().answer("GET", REPORTS, 200, page);

      Sent.Message forwarded = notice(t, "\uD83D\uDEA9 Report 3");

      assertThat(forwarded.body()).isEqualTo("\uD83D\uDEA9 Report 3 by @bob:test in !lobby:test (protected): "
          + "\u201Cspam evil\u201D\nReported event " + bad + " from @spam:test: \u201Cbuy now at "
          + "https[:]//spam.example/x\u201D\nReact \uD83D\uDDD1\uFE0F to redact it, \uD83D\uDD28 to ban the sender "
          + "in every protected room, or use !report 3 redact|ban|list <shortcode>.");
      int polls = t.hs().answeredCount("GET", REPORTS);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (t.hs().answeredCount("GET", REPORTS) < polls + 2 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(t.hs().answeredCount("GET", REPORTS)).as("polled again").isGreaterThanOrEqualTo(polls + 2);
      assertThat(t.sent().stream().filter(s -> s instanceof Sent.Message m && m.body().startsWith(
          "\uD83D\uDEA9 Report 3"))).as("forwarded once").hasSize(1);

      t.react(BOB, forwarded.eventId(), AbuseReports.BAN);
      assertThat(notice(t, "Refused").body()).startsWith("Refused: only moderators of every protected room may "
          + "act on abuse reports (@bob:test reacted");
      t.react(ALICE, forwarded.eventId(), AbuseReports.BAN);

      assertThat(notice(t, "Report 3").body()).isEqualTo("Report 3 (@alice:test): @spam:test: banned in 2 of 2 "
          + "room(s)");
      assertThat(t.hs().room(HALL).membership(SPAM)).contains("ban");
      assertThat(answer(t, ALICE, "!report 3 redact")).isEqualTo("Report 3 (@alice:test): redacted " + bad + " of "
          + "@spam:test in !lobby:test");
      assertThat(t.hs().await(Sent.Redaction.class, r -> r.room().equals(LOBBY), Duration.ofSeconds(5)).target())
          .isEqualTo(bad);
      assertThat(answer(t, ALICE, "!report 4 ban")).isEqualTo("The bot forwarded no report 4.");
      assertThat(answer(t, ALICE, "!report x ban")).isEqualTo("Not a report id: x. Usage: " + "!report <id> "
          + "redact|ban|list <shortcode>");
      assertThat(answer(t, ALICE, "!report 3 list")).isEqualTo("Missing shortcode. Usage: !report <id> "
          + "redact|ban|list <shortcode>");
      assertThat(answer(t, ALICE, "!report 3 list spam")).contains("Added @spam:test to ban list 'spam'");
      Sent.State published = t.hs().await(Sent.State.class, s -> s.room().equals(list), Duration.ofSeconds(5));
      assertThat(published.content().path("entity").asText()).isEqualTo("@spam:test");
      assertThat(published.content().path("reason").asText())
          .as("other communities read the list: the reporter's own words stay out").isEqualTo(
              "reported (abuse report 3)");
    }
  }

  @Test
  void withoutServerAdminRightsTheBotSaysSoOnceWithTheErrcodeAndStopsPolling() throws InterruptedException {
    ObjectNode refused = JSON.objectNode().put("errcode", "M_FORBIDDEN").put("error", "You are not a server admin");
    try (BotTester t = start(Map.of("abuse_reports", Map.of("enabled", true, "poll_every", "1s")),
        hs -> hs.answer("GET", REPORTS, 403, refused))) {
      assertThat(t.hs().await(Sent.Message.class, m -> m.body().startsWith("Abuse reports"), Duration.ofSeconds(10))
          .body()).isEqualTo("Abuse reports are not forwarded: the homeserver "
          + "refused to list them (M_FORBIDDEN: You are not a server admin). The bot must be a Synapse server admin "
          + "for this; make it one and restart it, or turn abuse_reports off.");
      Thread.sleep(2500); // two more poll intervals: no retry comes
      assertThat(t.hs().answeredCount("GET", REPORTS)).isEqualTo(1);
      assertThat(answer(t, ALICE, "!report 1 ban")).isEqualTo("The bot forwarded no report 1.");
    }
  }

  @Test
  void aListLimitedToASpaceAppliesInItsChildRoomsAndFollowsTheSpace() {
    RoomId list = RoomId.of("!spaced:test");
    RoomId space = RoomId.of("!space:test");
    ObjectNode via = JSON.objectNode();
    via.putArray("via").add("test");
    try (BotTester t = start(Map.of("list_scopes", Map.of(list.value(), List.of(space.value()))), hs -> {
      hs.state(ALICE, space, "m.room.create", "", JSON.objectNode().put("type", "m.space"));
      hs.state(ALICE, space, "m.space.child", LOBBY.value(), via);
      // anyone who may edit the space can write a child key that is no room id: skipped, the rest still counts
      hs.state(ALICE, space, "m.space.child", "not a room", via);
    })) {
      t.hs().room(list).member(BOT, "Bot").member(ALICE);
      assertThat(answer(t, ALICE, "!lists watch " + list.value())).isEqualTo("Watching " + list + ": 0 rule(s).");
      assertThat(answer(t, ALICE, "!lists")).contains("!spaced:test: 0 rule(s), applies in !lobby:test");

      t.hs().state(ALICE, list, "m.policy.rule.user", "u1", rule("@spam*:*"));

      assertThat(notice(t, "Ban lists: new rule").body()).contains("@spam:test: banned in 1 of 1 room(s)")
          .contains("@spam2:bad.example: banned in 1 of 1 room(s)");
      assertThat(t.hs().room(HALL).membership(SPAM)).contains("join");

      t.hs().state(ALICE, space, "m.space.child", HALL.value(), via);

      assertThat(notice(t, "Ban lists: 2 member(s)").body()).contains("@spam:test: banned in 1 of 1 room(s)");
      assertThat(t.hs().room(HALL).membership(SPAM2)).contains("ban");
      assertThat(answer(t, ALICE, "!lists")).contains("applies in !hall:test, !lobby:test");
    }
  }
}

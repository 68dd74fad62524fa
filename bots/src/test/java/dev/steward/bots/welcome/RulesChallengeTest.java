package dev.steward.bots.welcome;

import static dev.steward.test.BotTester.ALICE;
import static dev.steward.test.BotTester.BOT;
import static dev.steward.test.BotTester.ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.bot.config.ConfigException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.test.BotTester;
import dev.steward.test.Sent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The welcome bot's rules challenge in {@code challenge_rooms}: mute, agree or be kicked. */
class RulesChallengeTest {
  private static final AtomicInteger USERS = new AtomicInteger();
  private static final String RULES = "{user}: react with a check mark to this message.";

  private static BotTester start(Map<String, Object> extra) {
    Map<String, Object> section = new HashMap<>(Map.of("message", "Welcome {user}!",
        "challenge_rooms", List.of(ROOM.value()), "challenge_message", RULES));
    section.putAll(extra);
    return BotTester.builder().bots(WelcomeBot.class).section("welcome", section).start();
  }

  private static BotTester start() {
    return start(Map.of());
  }

  private static UserId newUser() {
    return UserId.of("@newcomer" + USERS.incrementAndGet() + ":test");
  }

  /** {@code user} joins as "Carol"; returns the rules message the bot posts for them. */
  private static Sent.Message joinAndAwaitRules(BotTester t, UserId user) {
    t.room().member(user, "Carol");
    assertThat(t.awaitReply().body()).isEqualTo("Welcome Carol!");
    return t.await(Sent.Message.class, m -> m.body().equals("Carol: react with a check mark to this message."));
  }

  /** The id of {@code user}'s pending timeout, once the bot has scheduled it (just after posting the rules). */
  private static String timeoutOf(BotTester t, UserId user) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      var record = t.steward().store().state(RulesChallenge.NAMESPACE).get(ROOM.value() + " " + user.value());
      if (record.isPresent()) {
        JsonNode action = new ObjectMapper().readTree(record.get()).get("action");
        if (action != null && action.isTextual()) {
          return action.asText();
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no timeout scheduled for " + user + " within 10 seconds");
  }

  private static JsonNode userLevel(BotTester t, UserId user) {
    return t.room().powerLevels().path("users").path(user.value());
  }

  @Test
  void mutesANewcomerAndUnmutesThemWhenTheyReactWithACheckMarkToTheRules() {
    try (BotTester t = start()) {
      UserId carol = newUser();
      Sent.Message rules = joinAndAwaitRules(t, carol);
      assertThat(userLevel(t, carol).asLong()).as("below events_default 0").isEqualTo(-1);
      assertThat(t.room().powerLevels().path("events").path("m.reaction").asLong()).as("muted members may react")
          .isEqualTo(-1);

      t.react(carol, rules.eventId(), "\u2705");

      assertThat(t.awaitReply().body()).isEqualTo("\u2705 " + carol + " agreed to the rules and can post now.");
      assertThat(userLevel(t, carol).isMissingNode()).as("no explicit level before, none after").isTrue();
    }
  }

  @Test
  void restoresAnExplicitLevelExactly() {
    try (BotTester t = start()) {
      UserId carol = newUser();
      t.room().powerLevel(carol, 10);
      Sent.Message rules = joinAndAwaitRules(t, carol);
      assertThat(userLevel(t, carol).asLong()).isEqualTo(-1);

      t.react(carol, rules.eventId(), "\u2705\uFE0F");
      t.awaitReply();

      assertThat(userLevel(t, carol).asLong()).isEqualTo(10);
    }
  }

  @Test
  void otherReactionsAndOtherPeoplesCheckMarksDoNotUnmute() {
    try (BotTester t = start()) {
      UserId carol = newUser();
      Sent.Message rules = joinAndAwaitRules(t, carol);
      t.react(carol, rules.eventId(), "\uD83D\uDC4D");
      t.react(ALICE, rules.eventId(), "\u2705");
      // A second newcomer's challenge comes after both reactions were handled.
      joinAndAwaitRules(t, newUser());

      assertThat(userLevel(t, carol).asLong()).isEqualTo(-1);
      assertThat(t.hs().sent(Sent.Message.class)).noneMatch(m -> m.body().contains("agreed"));
    }
  }

  @Test
  void agreeInADirectChatUnmutesInTheChallengeRoom() {
    try (BotTester t = start()) {
      UserId carol = newUser();
      joinAndAwaitRules(t, carol);
      RoomId dm = RoomId.of("!dm:test");
      t.hs().room(dm).member(carol, "Carol");
      t.hs().join(dm, BOT);

      t.say(carol, dm, "!agree");

      Sent.Reaction ack = t.await(Sent.Reaction.class, r -> r.room().equals(dm));
      assertThat(ack.key()).isEqualTo("\u2705");
      assertThat(userLevel(t, carol).isMissingNode()).isTrue();
    }
  }

  @Test
  void agreeWithNothingPendingSaysSo() {
    try (BotTester t = start()) {
      t.say(ALICE, "!agree");

      assertThat(t.awaitReply().body()).isEqualTo("There are no rules waiting for your agreement.");
    }
  }

  @Test
  void kicksAMemberWhoDoesNotAgreeInTimeAndPutsTheirLevelBack() {
    try (BotTester t = start(Map.of("challenge_timeout", "1s", "challenge_kick_reason", "No agreement, no entry"))) {
      UserId carol = newUser();
      joinAndAwaitRules(t, carol);

      Sent.Membership kick = t.await(Sent.Membership.class, m -> m.action() == Sent.Action.KICK);
      assertThat(kick.user()).isEqualTo(carol);
      assertThat(kick.reason()).isEqualTo("No agreement, no entry");
      t.await(Sent.State.class, s -> s.type().equals("m.room.power_levels")
          && s.content().path("users").path(carol.value()).isMissingNode());
    }
  }

  @Test
  void aMemberWhoLeavesWhileChallengedIsNotKickedLaterAndGetsTheirLevelBack() throws Exception {
    try (BotTester t = start()) {
      UserId carol = newUser();
      joinAndAwaitRules(t, carol);
      String action = timeoutOf(t, carol);
      assertThat(t.steward().delayedActions().dueAt(action)).isPresent();

      t.hs().leave(ROOM, carol);

      t.await(Sent.State.class, s -> s.type().equals("m.room.power_levels")
          && s.content().path("users").path(carol.value()).isMissingNode());
      assertThat(t.steward().delayedActions().dueAt(action)).as("the kick is cancelled").isEmpty();
    }
  }

  @Test
  void aModeratorIsNotChallenged() {
    try (BotTester t = start()) {
      UserId mod = newUser();
      t.room().powerLevel(mod, 50);
      t.room().member(mod, "Carol");
      assertThat(t.awaitReply().body()).isEqualTo("Welcome Carol!");
      // The next newcomer's rules come after the moderator's join was handled.
      joinAndAwaitRules(t, newUser());

      assertThat(userLevel(t, mod).asLong()).isEqualTo(50);
      assertThat(t.hs().sent(Sent.Message.class)).filteredOn(m -> m.body().contains("check mark")).hasSize(1);
    }
  }

  @Test
  void aChallengeFromAnEarlierRunIsAnsweredFromTheStore() {
    try (BotTester t = start(Map.of("challenge_rooms", List.of()))) {
      // What an earlier run left: carol muted in ROOM, the rules message posted, no timeout pending any more.
      UserId carol = newUser();
      t.room().member(carol, "Carol");
      t.awaitReply();
      t.room().powerLevel(carol, -1);
      var rules = t.hs().notice(BOT, ROOM, "the rules");
      t.steward().store().state(RulesChallenge.NAMESPACE).put(ROOM.value() + " " + carol.value(),
          "{\"state\":\"pending\",\"previous\":null,\"rules\":\"" + rules.value() + "\"}");

      t.react(carol, rules, "\u2705");

      assertThat(t.awaitReply().body()).contains("agreed to the rules");
      assertThat(userLevel(t, carol).isMissingNode()).isTrue();
    }
  }

  @Test
  void aNonPositiveChallengeTimeoutIsAConfigError() {
    assertThatThrownBy(() -> start(Map.of("challenge_timeout", "0s"))).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config error at 'bots.welcome.challenge_timeout': must be longer than zero");
  }

  @Test
  void aChallengeMessageWithAnUnknownPlaceholderIsAConfigError() {
    assertThatThrownBy(() -> start(Map.of("challenge_message", "Read the {rules}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config error at 'bots.welcome.challenge_message': ").hasMessageContaining("{rules}");
  }

  @Test
  void anEmptyKickReasonIsAConfigError() {
    assertThatThrownBy(() -> start(Map.of("challenge_kick_reason", " "))).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config error at 'bots.welcome.challenge_kick_reason': ");
  }

  @Test
  void aChallengeRoomThatIsNotARoomIdIsAConfigError() {
    assertThatThrownBy(() -> start(Map.of("challenge_rooms", List.of("lobby")))).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config error at 'bots.welcome.challenge_rooms[0]': ");
  }

  @Test
  void theTimeoutActionIsRegisteredAtStartUp() {
    try (BotTester t = start()) {
      assertThatThrownBy(() -> t.steward().delayedActions().register(RulesChallenge.TIMEOUT, (c, d) -> { }))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already has a handler");
    }
  }
}

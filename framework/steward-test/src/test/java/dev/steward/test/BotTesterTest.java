package dev.steward.test;

import static dev.steward.test.BotTester.ALICE;
import static dev.steward.test.BotTester.BOB;
import static dev.steward.test.BotTester.BOT;
import static dev.steward.test.BotTester.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import org.junit.jupiter.api.Test;

class BotTesterTest {
  @Test
  void pushedCommandIsAnsweredWithARichReplyNotice() {
    try (BotTester t = BotTester.start(new KitBot())) {
      EventId ping = t.say(ALICE, "!ping");
      Sent.Message reply = t.awaitReply();
      assertThat(reply.body()).isEqualTo("pong");
      assertThat(reply.msgtype()).isEqualTo("m.notice");
      assertThat(reply.inReplyTo()).isEqualTo(ping);
      assertThat(reply.room()).isEqualTo(ROOM);
    }
  }

  @Test
  void repliesComeInOrderOneAwaitAtATime() {
    try (BotTester t = BotTester.start(KitBot.class)) {
      t.say(ALICE, "!add 1 2");
      t.say(BOB, "!add 20 22");
      assertThat(t.awaitReply().body()).isEqualTo("3");
      assertThat(t.awaitReply().body()).isEqualTo("42");
    }
  }

  @Test
  void badArgumentsAreAnsweredWithTheUsageLine() {
    try (BotTester t = BotTester.start(new KitBot())) {
      t.say(ALICE, "!add 1 two");
      assertThat(t.awaitReply().body()).contains("'two'").contains("Usage: !add <a> <b>");
    }
  }

  @Test
  void commandIsRefusedBelowItsPowerLevelAndRunsOnceTheLevelIsRaised() {
    try (BotTester t = BotTester.start(new KitBot())) {
      t.say(ALICE, "!kick @bob:test");
      assertThat(t.awaitReply().body()).isEqualTo("You need power level 50 in this room to use !kick.");
      assertThat(t.hs().sent(Sent.Membership.class)).isEmpty();

      t.room().powerLevel(ALICE, 50);
      EventId command = t.say(ALICE, "!kick @bob:test");
      Sent.Membership kick = t.await(Sent.Membership.class, m -> m.action() == Sent.Action.KICK);
      assertThat(kick.user()).isEqualTo(BOB);
      assertThat(kick.reason()).isEqualTo("asked by @alice:test");
      assertThat(t.await(Sent.Reaction.class, r -> true)).extracting(Sent.Reaction::target, Sent.Reaction::key)
          .containsExactly(command, "✅");
      assertThat(t.room().membership(BOB)).contains("leave");
      assertThat(t.room().joinedMembers()).containsOnlyKeys(BOT, ALICE);
    }
  }

  @Test
  void homeserverRefusalReachesTheUserWithItsErrcode() {
    try (BotTester t = BotTester.builder().bots(new KitBot()).owners(ALICE).start()) {
      t.room().powerLevel(BOT, 0);
      t.say(ALICE, "!kick @bob:test");
      assertThat(t.awaitReply().body()).startsWith("!kick failed: M_FORBIDDEN");
      assertThat(t.room().isJoined(BOB)).isTrue();
    }
  }

  @Test
  void invitedBotJoinsAndAnswersInTheNewRoom() {
    try (BotTester t = BotTester.start(new KitBot())) {
      RoomId other = RoomId.of("!other:test");
      t.invite(ALICE, other);
      Sent.Membership join = t.await(Sent.Membership.class, m -> m.action() == Sent.Action.JOIN);
      assertThat(join.room()).isEqualTo(other);
      assertThat(t.hs().room(other).isJoined(BOT)).isTrue();

      t.say(ALICE, other, "!ping");
      assertThat(t.awaitReply(other).body()).isEqualTo("pong");
    }
  }

  @Test
  void reactionsReachOnReactionHandlers() {
    try (BotTester t = BotTester.start(new KitBot())) {
      EventId message = t.say(BOB, "nice");
      t.react(ALICE, message, "👍");
      assertThat(t.awaitReply().body()).isEqualTo("thumbs up from @alice:test on " + message.value());
    }
  }

  @Test
  void pushedMembershipChangesReachTheBotWithWhoMadeThem() {
    try (BotTester t = BotTester.start(new KitBot())) {
      UserId carol = UserId.of("@carol:test");
      t.hs().join(ROOM, carol);
      assertThat(t.awaitReply().body()).isEqualTo("JOIN @carol:test by @carol:test");
      t.hs().kick(ROOM, ALICE, carol, "spam");
      assertThat(t.awaitReply().body()).isEqualTo("KICK @carol:test by @alice:test");
      t.hs().ban(ROOM, ALICE, BOB, null);
      assertThat(t.awaitReply().body()).isEqualTo("BAN @bob:test by @alice:test");
      assertThat(t.room().joinedMembers()).containsOnlyKeys(BOT, ALICE);
    }
  }
}

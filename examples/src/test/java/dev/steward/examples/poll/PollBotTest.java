package dev.steward.examples.poll;

import static dev.steward.test.BotTester.ALICE;
import static dev.steward.test.BotTester.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.test.BotTester;
import dev.steward.test.Sent;
import org.junit.jupiter.api.Test;

class PollBotTest {
  @Test
  void postsTheQuestionWithOneReactionPerOption() {
    try (BotTester t = BotTester.start(new PollBot())) {
      t.say(ALICE, "!poll \"Where for lunch?\" pizza \"sushi bar\" salad");
      Sent.Message poll = t.awaitReply();
      assertThat(poll.body()).isEqualTo("📊 Where for lunch?\n1️⃣ pizza\n2️⃣ sushi bar\n3️⃣ salad\nReact to vote.");
      awaitReactions(t, 3);
      assertThat(t.hs().sent(Sent.Reaction.class)).hasSize(3)
          .allSatisfy(r -> assertThat(r.target()).isEqualTo(poll.eventId()))
          .extracting(Sent.Reaction::key).containsExactly("1️⃣", "2️⃣", "3️⃣");
    }
  }

  @Test
  void countsVotesAndForgetsOnesTakenBack() {
    try (BotTester t = BotTester.start(new PollBot())) {
      t.say(ALICE, "!poll Tabs? yes no");
      Sent.Message poll = t.awaitReply();
      t.react(ALICE, poll.eventId(), "1️⃣");
      var bobYes = t.react(BOB, poll.eventId(), "1️⃣");
      t.react(BOB, poll.eventId(), "2️⃣");
      t.react(BOB, poll.eventId(), "🎉"); // not an option: ignored
      t.hs().redact(BOB, BotTester.ROOM, bobYes);
      t.say(ALICE, "!results");
      assertThat(t.awaitReply().body()).isEqualTo("📊 Tabs?\n1️⃣ yes: 1\n2️⃣ no: 1");
    }
  }

  @Test
  void refusesAPollWithOneOption() {
    try (BotTester t = BotTester.start(new PollBot())) {
      t.say(ALICE, "!poll \"Only one?\" yes");
      assertThat(t.awaitReply().body()).startsWith("A poll needs 2 to 10 options. Usage: !poll <question>");
    }
  }

  private static void awaitReactions(BotTester t, int n) {
    for (int i = 0; i < n; i++) {
      t.await(Sent.Reaction.class, r -> true);
    }
  }
}

package dev.steward.examples.reminder;

import static dev.steward.test.BotTester.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.test.BotTester;
import org.junit.jupiter.api.Test;

class ReminderBotTest {
  @Test
  void confirmsAndThenRemindsTheRoom() {
    try (BotTester t = BotTester.start(ReminderBot.class)) {
      t.say(ALICE, "!remind 1s stand-up in the big room");
      assertThat(t.awaitReply().body()).startsWith("⏰ I'll remind this room at ");
      assertThat(t.awaitReply().body()).isEqualTo("⏰ Reminder from " + ALICE + ": stand-up in the big room");
    }
  }

  @Test
  void answersABadDelayWithTheUsageLine() {
    try (BotTester t = BotTester.start(ReminderBot.class)) {
      t.say(ALICE, "!remind soon stand-up");
      assertThat(t.awaitReply().body()).contains("Usage: !remind <in> <text...>");
      t.say(ALICE, "!remind 400d too far");
      assertThat(t.awaitReply().body()).startsWith("I can remind at most a year ahead.");
    }
  }
}

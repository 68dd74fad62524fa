package dev.steward.examples.echo;

import static dev.steward.test.BotTester.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.RoomId;
import dev.steward.test.BotTester;
import dev.steward.test.Sent;
import org.junit.jupiter.api.Test;

class EchoBotTest {
  @Test
  void repeatsWhatFollowsTheCommand() {
    try (BotTester t = BotTester.start(new EchoBot())) {
      t.say(ALICE, "!echo hello  world");
      assertThat(t.awaitReply().body()).isEqualTo("hello  world");
    }
  }

  @Test
  void leavesInvitesAlone() {
    try (BotTester t = BotTester.start(new EchoBot())) {
      t.invite(ALICE, RoomId.of("!new:test"));
      t.say(ALICE, "!echo after the invite"); // answered: the invite before it has been seen by then
      assertThat(t.awaitReply().body()).isEqualTo("after the invite");
      assertThat(t.sent()).noneMatch(s -> s instanceof Sent.Membership);
    }
  }
}

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
  void joinsARoomItIsInvitedTo() {
    try (BotTester t = BotTester.start(new EchoBot())) {
      RoomId room = RoomId.of("!new:test");
      t.invite(ALICE, room);
      assertThat(t.await(Sent.Membership.class, m -> m.room().equals(room)).action()).isEqualTo(Sent.Action.JOIN);
      t.say(ALICE, room, "!echo here too");
      assertThat(t.awaitReply(room).body()).isEqualTo("here too");
    }
  }
}

package dev.steward.bots.moderation;

import static dev.steward.test.BotTester.ALICE;
import static dev.steward.test.BotTester.BOB;
import static dev.steward.test.BotTester.BOT;
import static dev.steward.test.BotTester.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.RoomId;
import dev.steward.test.BotTester;
import dev.steward.test.Sent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModerationSkeletonTest {
  private static final RoomId LOBBY = RoomId.of("!lobby:test");

  @Test
  void reportsAtStartAndListsAndAddsProtectedRooms() {
    try (BotTester t = BotTester.builder().bots(ModerationBot.class)
        .section("moderation", Map.of("management_room", ROOM.value(), "moderators", List.of(ALICE.value())))
        .start()) {
      t.hs().room(LOBBY).member(BOT, "Bot").powerLevel(BOT, 100);
      assertThat(t.awaitReply().body()).startsWith("Moderation bot started: protecting 0 room(s)");
      t.say(ALICE, "!rooms add " + LOBBY.value());
      assertThat(t.awaitReply().body()).isEqualTo("Now protecting " + LOBBY
          + ". The bot can ban, kick, redact and change power levels there.");
      t.say(BOB, "!rooms add " + LOBBY.value());
      assertThat(t.awaitReply().body()).startsWith("Refused: only moderators may use !rooms");
      t.say(ALICE, "!rooms frob");
      assertThat(t.awaitReply().body()).isEqualTo("Unknown subcommand 'frob'. Usage: " + "!rooms [list | add <room> | remove <room>]");
    }
  }
}

package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The large-account benchmark in a small size, in this JVM, for correctness only: every room of the initial sync
 * reaches the handlers afterwards, history is not answered, commands in the last room are answered and checked
 * against the power levels from the initial state. Neither speed nor heap is asserted.
 */
class LargeAccountBenchSmokeTest {
  private static final int ROOMS = 300;

  @Test
  void seesEveryRoomAndAnswersCommandsInTheLastRoomAfterTheInitialSync() throws Exception {
    LargeAccountBench.Outcome o = LargeAccountBench.inProcess(ROOMS);

    assertThat(o.bot().rooms()).isEqualTo(ROOMS);
    assertThat(o.bot().roomsSeen()).isEqualTo(ROOMS);
    assertThat(o.bot().commandsRun()).isEqualTo(LargeAccountFixture.commandsRun(ROOMS));
    // Pings in rooms 0, 150 and 299, !mod allowed for the moderator and refused for a member in room 299.
    assertThat(o.expectedReplies()).isEqualTo(5);
    assertThat(o.problems()).isEmpty();
  }

  @Test
  void fixtureExpectsTheRefusalAndPongInTheLastRoom() {
    LargeAccountFixture f = new LargeAccountFixture(ROOMS);

    assertThat(f.batches()).hasSize(3);
    assertThat(f.expectedReplies()).containsEntry("$ping299", "pong 299")
        .containsEntry("$mod299", "mod ok in !big299:bench.test")
        .containsEntry("$refused299", "You need power level 50 in this room to use !mod.");
    assertThat(new String(f.batches().get(0), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"!big299:bench.test\"", "m.room.power_levels", "\"!ping old\"");
  }
}

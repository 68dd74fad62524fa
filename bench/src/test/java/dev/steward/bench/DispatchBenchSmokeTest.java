package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The benchmark in a small size, for correctness only (every command answered once); speed is not asserted. */
class DispatchBenchSmokeTest {
  @Test
  void everyCommandIsAnsweredOnce() throws Exception {
    DispatchBench.Result r = DispatchBench.run(5, 2_000, 0.5, 250, 4);

    assertThat(r.commands()).isBetween(900, 1100);
    assertThat(r.answered()).isEqualTo(r.commands());
    assertThat(r.duplicates()).isZero();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES) // a lap the bot took for old events would never end
  void aLongRunningBotAnswersEveryCommandOfEveryLapOnce() throws Exception {
    SyncFixture fixture = new SyncFixture(5, 1_000, 0.5, 250, 42);
    int[] laps = {0};

    List<DispatchBench.Result> results = DispatchBench.laps(fixture, DispatchBench.contender(true, fixture, 4),
        false, r -> ++laps[0] < 3);

    assertThat(results).hasSize(3).allSatisfy(r -> {
      assertThat(r.answered()).isEqualTo(fixture.commands());
      assertThat(r.duplicates()).isZero();
    });
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void eachMeasuredLapIsPairedWithARawParseTakenAfterIt() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    List<DispatchBench.Result> results = DispatchFork.laps(true, new DispatchFork.Spec(5, 1_000, 0.5, 250, 4), 2,
        new PrintStream(printed, true, StandardCharsets.UTF_8), 0);

    assertThat(results).hasSize(2).allSatisfy(r -> {
      assertThat(r.answered()).isEqualTo(r.commands());
      assertThat(r.rawParse()).isPositive();
      assertThat(r.rawParseShare()).isEqualTo(r.eventsPerSecond() / r.rawParse());
    });
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("warmed up in").contains("steward lap 2: ")
        .contains("raw parse after the lap: ");
  }

  @Test
  void servingALaterLapRewritesEveryEventIdAndTheNextToken() {
    SyncFixture fixture = new SyncFixture(3, 40, 0.5, 10, 7);
    String lap0 = new String(fixture.serve(1), StandardCharsets.UTF_8);

    String lap2 = new String(fixture.serve(1 + 2L * fixture.lapBatches()), StandardCharsets.UTF_8);

    assertThat(fixture.lapBatches()).isEqualTo(4);
    assertThat(lap0).contains("\"next_batch\":\"b000000002\"").contains("\"$e000-0-").doesNotContain("\"$e002-");
    assertThat(lap2).contains("\"next_batch\":\"b000000010\"").contains("\"$e002-0-").doesNotContain("\"$e000-");
    assertThat(lap2.replace("$e002-", "$e000-").replace("b000000010", "b000000002")).isEqualTo(lap0);
  }
}

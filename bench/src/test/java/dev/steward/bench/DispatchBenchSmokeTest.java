package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark in a small size, for correctness only (every command answered once); speed is not asserted. */
class DispatchBenchSmokeTest {
  @Test
  void everyCommandIsAnsweredOnce() throws Exception {
    DispatchBench.Result r = DispatchBench.run(5, 2_000, 0.5, 250, 4);

    assertThat(r.commands()).isBetween(900, 1100);
    assertThat(r.answered()).isEqualTo(r.commands());
    assertThat(r.duplicates()).isZero();
  }
}

package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code encrypted} benchmark in a small size, for correctness only: in both variants, lap after lap, every
 * command is answered once with its {@code pong N} (in the encrypted one, every message reached the bot encrypted and
 * every reply left it encrypted and decrypted at the sender: {@link EncryptedBench#laps} refuses anything else).
 * Speed is not asserted.
 */
class EncryptedBenchSmokeTest {
  private static final EncryptedBench.Spec SPEC = new EncryptedBench.Spec(3, 600, 0.5, 100, 4);

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void everyEncryptedCommandIsAnsweredOnceEncryptedInEveryLap() throws Exception {
    int[] laps = {0};

    List<DispatchBench.Result> results = EncryptedBench.laps(SPEC, true, true, r -> ++laps[0] < 3);

    assertThat(results).hasSize(3).allSatisfy(r -> {
      assertThat(r.commands()).isBetween(250, 350);
      assertThat(r.answered()).isEqualTo(r.commands());
      assertThat(r.duplicates()).isZero();
      assertThat(r.p50Millis()).isPositive();
    });
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void thePlainVariantAnswersTheSameFixture() throws Exception {
    List<DispatchBench.Result> results = EncryptedBench.laps(SPEC, false, true, r -> false);

    assertThat(results).singleElement().satisfies(r -> {
      assertThat(r.commands()).isEqualTo(SPEC.fixture().commands());
      assertThat(r.answered()).isEqualTo(r.commands());
      assertThat(r.duplicates()).isZero();
    });
  }
}

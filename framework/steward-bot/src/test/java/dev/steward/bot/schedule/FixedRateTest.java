package dev.steward.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.annotation.Scheduled;
import org.junit.jupiter.api.Test;

/** {@code fixedRate} reads the shared duration syntax (see DurationsTest) and keeps its own range: 1s to 100 years. */
class FixedRateTest {
  private final ScheduledRegistry registry = new ScheduledRegistry();

  static final class Rates {
    @Scheduled(fixedRate = "1w")
    void weekly() {}

    @Scheduled(fixedRate = "1H30M")
    void upperCase() {}

    @Scheduled(fixedRate = " PT1S ")
    void isoWithSpaces() {}
  }

  static final class Overlong {
    @Scheduled(fixedRate = "5300w")
    void tick() {}
  }

  static final class Overflowing {
    @Scheduled(fixedRate = "999999999999999999w")
    void tick() {}
  }

  static final class OutOfOrder {
    @Scheduled(fixedRate = "30m1h")
    void tick() {}
  }

  @Test
  void readsEveryFormOfTheSharedSyntax() {
    registry.register(new Rates());

    assertThat(registry.find(Rates.class.getName() + ".weekly").orElseThrow().describe()).isEqualTo("every PT168H");
    assertThat(registry.find(Rates.class.getName() + ".upperCase").orElseThrow().describe())
        .isEqualTo("every PT1H30M");
    assertThat(registry.find(Rates.class.getName() + ".isoWithSpaces").orElseThrow().describe())
        .isEqualTo("every PT1S");
  }

  @Test
  void refusesRatesLongerThanACenturyAndTextOutsideTheGrammar() {
    assertThatThrownBy(() -> registry.register(new Overlong()))
        .hasMessage("@Scheduled method Overlong.tick: fixedRate must be at most 100 years, found '5300w'");
    assertThatThrownBy(() -> registry.register(new Overflowing()))
        .hasMessage("@Scheduled method Overflowing.tick: bad fixedRate: '999999999999999999w' is too long a duration");
    assertThatThrownBy(() -> registry.register(new OutOfOrder()))
        .hasMessageStartingWith("@Scheduled method OutOfOrder.tick: bad fixedRate: '30m1h' is not a duration; ");
  }
}

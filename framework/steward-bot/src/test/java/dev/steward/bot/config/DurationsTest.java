package dev.steward.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The duration grammar shared by config, commands and {@code @Scheduled}; each use site tests only its range. */
class DurationsTest {
  @ParameterizedTest
  @CsvSource({
      "500ms, PT0.5S",
      "90s, PT90S",
      "10m, PT10M",
      "2h, PT2H",
      "2d, PT48H",
      "1w, PT168H",
      "1h30m, PT1H30M",
      "1d12h, PT36H",
      "1w2d3h4m5s6ms, PT219H4M5.006S",
      "1m5s, PT1M5S",
      "1M5S, PT1M5S",
      "2H, PT2H",
      "0s, PT0S",
      "007m, PT7M"})
  void readsTheCompactFormLargestUnitFirst(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({
      "PT10M, PT10M",
      "pt10m, PT10M",
      "P1DT2H, PT26H",
      "PT0.5S, PT0.5S",
      "PT-10M, PT-10M"})
  void readsIso8601IncludingItsNegativeValues(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10", "m", "ms", "10x", "5sec", "1.5h", "1h 30m", " 10m", "10m ", "-5m", "+5m",
      "30m1h", "1m1m", "5s10ms10s", "1mo", "1y", "PT", "P", "-PT5S", "tomorrow", "١٠m", "１０m", "10ｍ"})
  void refusesEverythingElseSayingWhatIsAccepted(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a duration; write e.g. 500ms, 90s, 10m, 1h30m, 2d, 1w or PT10M");
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "999999999999999999w", "9223372036854775807d1s",
      "PT99999999999999999999S", "P9999999999999999D"})
  void reportsADurationTooLongForJavaAsAnOverflow(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isExactlyInstanceOf(ArithmeticException.class)
        .hasMessage("too long a duration");
  }

  @ParameterizedTest
  @ValueSource(ints = {65, 100_000})
  void refusesTextLongerThan64CharactersWithoutReadingIt(int length) {
    String text = "1".repeat(length - 1) + "s";

    assertThatThrownBy(() -> Durations.parse(text))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 64 characters");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "5s", "500ms", "1h30m", "2d", "1w", "1w1d", "1d12h", "90m1s", "PT-10M", "PT0.0000005S"})
  void formatsWhatParseReadsBack(String text) {
    Duration d = Durations.parse(text);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }

  @ParameterizedTest
  @CsvSource({"PT5S, 5s", "PT1M, 1m", "PT90M, 1h30m", "P8D, 1w1d", "PT0S, 0s", "PT0.25S, 250ms", "PT-1S, PT-1S"})
  void formatsInTheCompactFormLargestUnitFirst(String iso, String compact) {
    assertThat(Durations.format(Duration.parse(iso))).isEqualTo(compact);
  }
}

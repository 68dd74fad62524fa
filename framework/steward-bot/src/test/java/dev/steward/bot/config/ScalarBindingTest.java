package dev.steward.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScalarBindingTest {
  record Timing(Duration every) {}

  record Flag(boolean on) {}

  record Text(String value) {}

  // The grammar itself is DurationsTest's; here, that config reads it and allows zero but not a negative.
  @ParameterizedTest
  @CsvSource({
      "500ms, PT0.5S",
      "1h30m, PT1H30M",
      "1w, PT168H",
      "P1DT2H, PT26H",
      "0s, PT0S"})
  void bindsTheSharedDurationSyntaxIncludingZero(String written, String expected) {
    assertThat(ConfigBinderTest.bind("every: " + written + "\n", Timing.class).every())
        .isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "30 s", "ten seconds", "-PT5S", "1.5h"})
  void rejectsMalformedDurationsSayingWhichFormsWork(String written) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigBinderTest.bind("every: '" + written + "'\n", Timing.class, "bot"));

    assertThat(e.problems()).containsExactly(new ConfigProblem("bot.every",
        "expected a duration such as 500ms, 90s, 10m, 1h30m, 2d, 1w or PT10M, found '" + written + "'"));
  }

  @Test
  void rejectsANegativeOrOverlongDuration() {
    ConfigException negative = catchThrowableOfType(ConfigException.class,
        () -> ConfigBinderTest.bind("every: PT-5S\n", Timing.class));
    ConfigException overlong = catchThrowableOfType(ConfigException.class,
        () -> ConfigBinderTest.bind("every: 999999999999999999w\n", Timing.class));

    assertThat(negative.problems()).containsExactly(
        new ConfigProblem("every", "expected a duration that is not negative, found 'PT-5S'"));
    assertThat(overlong.problems()).containsExactly(
        new ConfigProblem("every", "duration '999999999999999999w' is too long"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "no", "on", "off", "y", "1"})
  void acceptsOnlyTrueAndFalseAsBooleans(String written) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigBinderTest.bind("on: " + written + "\n", Flag.class));

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("on", "expected true or false, found " + (written.equals("1") ? "1" : "'" + written + "'")));
  }

  @Test
  void readsBooleanWordsAndLeadingZerosAsTextWhereTextIsExpected() {
    // YAML 1.1 would turn these into false and octal 83; a device id or password must survive unquoted.
    assertThat(ConfigBinderTest.bind("value: no\n", Text.class).value()).isEqualTo("no");
    assertThat(ConfigBinderTest.bind("value: 0123\n", Text.class).value()).isEqualTo("0123");
    assertThat(ConfigBinderTest.bind("value: 2024-01-02\n", Text.class).value()).isEqualTo("2024-01-02");
  }
}

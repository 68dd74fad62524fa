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

  @ParameterizedTest
  @CsvSource({
      "500ms, PT0.5S",
      "30s, PT30S",
      "10m, PT10M",
      "2h, PT2H",
      "1d, PT24H",
      "1h30m, PT1H30M",
      "PT10M, PT10M",
      "P1DT2H, PT26H",
      "0s, PT0S"})
  void bindsEveryDurationForm(String written, String expected) {
    assertThat(ConfigBinderTest.bind("every: " + written + "\n", Timing.class).every())
        .isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "30 s", "ten seconds", "-PT5S", "5sec", "1.5h", "PT"})
  void rejectsMalformedDurationsSayingWhichFormsWork(String written) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigBinderTest.bind("every: '" + written + "'\n", Timing.class, "bot"));

    assertThat(e.path()).isEqualTo("bot.every");
    assertThat(e.problems().get(0).message()).startsWith("expected a duration");
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

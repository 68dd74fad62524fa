package dev.steward.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.RoomAlias;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigBinderTest {
  enum Mode { QUIET, LOUD }

  record Limits(int maxMentions, long windowMillis) {}

  record Rules(
      String greetingText,
      Mode mode,
      Limits limits,
      List<RoomId> watchedRooms,
      Map<String, Integer> weights,
      Optional<RoomAlias> homeAlias,
      Optional<Path> logFile,
      double ratio,
      boolean active) {}

  record WithDefaults(String name, int retries, Optional<String> note) {
    static WithDefaults defaults() {
      return new WithDefaults(null, 3, Optional.empty());
    }
  }

  record Checked(int low, int high) {
    Checked {
      Problems problems = new Problems();
      if (low > high) {
        problems.add("low", "must not exceed high");
        problems.add("high", "must not be below low");
      }
      problems.throwIfAny();
    }
  }

  record Owner(UserId userId) {}

  record Unsupported(java.util.Set<String> tags) {}

  @Test
  void mapsSnakeCaseKeysToEveryKindOfComponent() {
    Rules rules = bind("""
        greeting_text: hello
        mode: Loud
        limits: {max_mentions: 5, window_millis: 60000000000}
        watched_rooms: ['!abc:example.org', '!def']
        weights: {spam: 3, links: 1}
        home_alias: '#lobby:example.org'
        ratio: 0.5
        active: true
        """, Rules.class);

    assertThat(rules).isEqualTo(new Rules("hello", Mode.LOUD, new Limits(5, 60_000_000_000L),
        List.of(RoomId.of("!abc:example.org"), RoomId.of("!def")), Map.of("spam", 3, "links", 1),
        Optional.of(RoomAlias.of("#lobby:example.org")), Optional.empty(), 0.5, true));
  }

  @Test
  void convertsCamelCaseComponentNamesToSnakeCaseKeys() {
    assertThat(Keys.snakeCase("userId")).isEqualTo("user_id");
    assertThat(Keys.snakeCase("replayOnFirstStart")).isEqualTo("replay_on_first_start");
    assertThat(Keys.snakeCase("url")).isEqualTo("url");
    assertThat(Keys.snakeCase("httpURLPath")).isEqualTo("http_url_path");
  }

  @Test
  void reportsAnUnknownKeyListingTheKnownOnesAndTheLikelyTypo() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.loadString("""
        homeserver: {url: "http://localhost:8008"}
        auth: {user_id: "@bot:localhost", passwrod: pw}
        """, name -> null));

    assertThat(e.problems()).contains(new ConfigProblem("auth.passwrod", "unknown key 'passwrod' at 'auth'; "
        + "known keys: access_token, device_id, device_name, password, user_id; did you mean 'password'?"));
  }

  @Test
  void suggestsTheSnakeCaseKeyForACamelCaseOne() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> bind("maxMentions: 1\nwindow_millis: 2\n", Limits.class));

    assertThat(e.problems()).extracting(ConfigProblem::path).contains("maxMentions");
    assertThat(e.getMessage()).contains("did you mean 'max_mentions'?");
  }

  @Test
  void reportsWhatWasExpectedAndWhatWasFound() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> bind("""
        greeting_text: [a, b]
        mode: shouty
        limits: {max_mentions: abc, window_millis: 1.5}
        watched_rooms: '!abc:example.org'
        weights: {spam: lots}
        ratio: half
        active: yes
        """, Rules.class, "bots.rules"));

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("bots.rules.greeting_text", "expected a string, found a list"),
        new ConfigProblem("bots.rules.mode", "expected one of quiet, loud, found 'shouty'"),
        new ConfigProblem("bots.rules.limits.max_mentions", "expected a whole number, found 'abc'"),
        new ConfigProblem("bots.rules.limits.window_millis", "expected a whole number, found 1.5"),
        new ConfigProblem("bots.rules.watched_rooms", "expected a list, found '!abc:example.org'"),
        new ConfigProblem("bots.rules.weights.spam", "expected a whole number, found 'lots'"),
        new ConfigProblem("bots.rules.ratio", "expected a number, found 'half'"),
        new ConfigProblem("bots.rules.active", "expected true or false, found 'yes'"));
  }

  @Test
  void rejectsANumberOutOfRangeForAnInt() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> bind("max_mentions: 99999999999\nwindow_millis: 1\n", Limits.class));

    assertThat(e.problems()).containsExactly(new ConfigProblem("max_mentions",
        "expected a whole number from -2147483648 to 2147483647, found 99999999999"));
  }

  @Test
  void doesNotQuoteANumberGivenWhereAStringIsExpected() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.loadString("""
            homeserver: {url: "http://localhost:8008"}
            auth: {user_id: "@bot:localhost", password: 918273645}
            """, name -> null));

    assertThat(e.problems()).containsExactly(new ConfigProblem("auth.password",
        "expected a string, found a number; put the value in quotes"));
    assertThat(e.getMessage()).doesNotContain("918273645");
  }

  @Test
  void wrapsAnInvalidMatrixIdWithItsPath() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> bind("user_id: '@bot'\n", Owner.class, "auth"));

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("auth.user_id", "'@bot' is not a valid user id: has no ':server' part"));
  }

  @Test
  void reportsAMissingRequiredKeyAndAnEmptyOne() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> bind("window_millis:\n", Limits.class, "limits"));

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("limits.max_mentions", "required key 'max_mentions' is missing"),
        new ConfigProblem("limits.window_millis", "required key 'window_millis' has no value"));
  }

  @Test
  void takesMissingValuesFromDefaultsAndTreatsNullDefaultsAsRequired() {
    assertThat(bind("name: x\n", WithDefaults.class)).isEqualTo(new WithDefaults("x", 3, Optional.empty()));
    assertThat(bind("name: x\nretries: 5\nnote: hi\n", WithDefaults.class))
        .isEqualTo(new WithDefaults("x", 5, Optional.of("hi")));

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> bind("retries: 1\n", WithDefaults.class));
    assertThat(e.problems()).containsExactly(new ConfigProblem("name", "required key 'name' is missing"));
  }

  @Test
  void defaultsOptionalListAndMapComponentsToEmpty() {
    record Containers(Optional<String> a, List<String> b, Map<String, String> c) {}

    assertThat(ConfigBinder.bind(null, Containers.class, "x"))
        .isEqualTo(new Containers(Optional.empty(), List.of(), Map.of()));
  }

  @Test
  void prefixesProblemsThrownByARecordConstructorWithTheRecordPath() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> bind("low: 5\nhigh: 1\n", Checked.class, "bots.range"));

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("bots.range.low", "must not exceed high"),
        new ConfigProblem("bots.range.high", "must not be below low"));
  }

  @Test
  void reportsANullListItemAndANonTextMapKey() {
    record Lists(List<String> names, Map<String, String> labels) {}

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> bind("names: [a, ~]\nlabels: {1: one}\n", Lists.class));

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("names[1]", "expected a value, found nothing"),
        new ConfigProblem("labels.1", "expected a text key, found 1"));
  }

  @Test
  void treatsAnUnsupportedComponentTypeAsAProgrammingError() {
    assertThatThrownBy(() -> bind("tags: [a]\n", Unsupported.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported config type java.util.Set<java.lang.String> at 'tags'");
  }

  @Test
  void refusesToConstructArbitraryClassesFromYamlTags() {
    assertThatThrownBy(() -> SafeYaml.parse("x: !!java.io.File /etc/passwd\n"))
        .isInstanceOf(org.yaml.snakeyaml.error.YAMLException.class);
  }

  static <R extends Record> R bind(String yaml, Class<R> type) {
    return bind(yaml, type, "");
  }

  static <R extends Record> R bind(String yaml, Class<R> type, String path) {
    return ConfigBinder.bind(SafeYaml.parse(yaml), type, path);
  }
}

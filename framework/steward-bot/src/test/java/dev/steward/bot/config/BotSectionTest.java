package dev.steward.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BotSectionTest {
  private static final String HEAD = """
      homeserver: {url: 'http://127.0.0.1:8008'}
      auth: {user_id: '@bot:localhost', password: pw}
      """;

  record Welcome(String message, Duration delay) {
    public static Welcome defaults() {
      return new Welcome(null, Duration.ZERO);
    }
  }

  @Test
  void bindsItsSettingsToTheBotsOwnRecordWithoutTheEnabledKey() {
    StewardConfig config = load("""
        bots:
          welcome:
            enabled: true
            message: "Welcome {name}!"
            delay: 2s
        """);

    BotSection welcome = config.bots().get("welcome");
    assertThat(welcome.enabled()).isTrue();
    assertThat(welcome.bind(Welcome.class)).isEqualTo(new Welcome("Welcome {name}!", Duration.ofSeconds(2)));
  }

  @Test
  void prefixesBindingProblemsWithTheSectionPath() {
    BotSection welcome = load("bots: {welcome: {mesage: hi, delay: later}}\n").bots().get("welcome");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> welcome.bind(Welcome.class));

    assertThat(e.problems()).extracting(ConfigProblem::path)
        .containsExactly("bots.welcome.mesage", "bots.welcome.message", "bots.welcome.delay");
    assertThat(e.problems().get(0).message()).isEqualTo(
        "unknown key 'mesage' at 'bots.welcome'; known keys: delay, message; did you mean 'message'?");
  }

  @Test
  void isEnabledByDefaultAndForAnEmptySection() {
    StewardConfig config = load("""
        bots:
          echo:
          greeter: {message: hi}
          janitor: {enabled: false}
        """);

    assertThat(config.bots().get("echo").enabled()).isTrue();
    assertThat(config.bots().get("echo").settings()).isEmpty();
    assertThat(config.bots().get("greeter").enabled()).isTrue();
    assertThat(config.bots().get("janitor").enabled()).isFalse();
  }

  @Test
  void rejectsANonBooleanEnabledAndANonMappingSection() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> load("bots: {welcome: {enabled: yes}, echo: on}\n"));

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("bots.welcome.enabled", "expected true or false, found 'yes'"),
        new ConfigProblem("bots.echo", "expected a mapping of settings, found 'on'"));
  }

  @Test
  void keepsSettingsImmutableAndOutOfToString() {
    BotSection section = new BotSection("relay", true,
        Map.of("api_token", "tok-123", "rooms", List.of("!a:x")));

    assertThat(section.toString()).doesNotContain("tok-123").contains("api_token");
    assertThatThrownBy(() -> section.settings().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(section.path()).isEqualTo("bots.relay");
  }

  private static StewardConfig load(String bots) {
    return ConfigLoader.loadString(HEAD + bots, name -> null);
  }
}

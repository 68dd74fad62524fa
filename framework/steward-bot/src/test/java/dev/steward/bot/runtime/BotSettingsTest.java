package dev.steward.bot.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.bot.annotation.Bot;
import dev.steward.bot.config.ConfigDefault;
import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigProblem;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bot.config.StorageConfig;
import dev.steward.client.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BotSettingsTest {
  record GreeterSettings(String message, @ConfigDefault("10m") Duration maxAge) {}

  record RelaySettings(List<UserId> to) {}

  @Bot(value = "greeter", settings = GreeterSettings.class)
  static final class Greeter {
    final GreeterSettings settings;

    Greeter(GreeterSettings settings) {
      this.settings = settings;
    }
  }

  @Bot(value = "relay", settings = RelaySettings.class)
  static final class Relay {}

  @Bot("echo")
  static final class Echo {}

  static final class NotABot {}

  private static StewardConfig.Builder config() {
    return StewardConfig.builder().homeserver("http://127.0.0.1:1").password(UserId.of("@bot:localhost"), "pw");
  }

  @Test
  void bindsEachBotsSectionToItsDeclaredSettingsByName() {
    StewardConfig config = config()
        .botSection("greeter", Map.of("message", "hi"))
        .botSection("echo", Map.of("enabled", true))
        .build();

    Map<String, Record> bound = BotSettings.bind(config, List.of(Greeter.class, Echo.class, NotABot.class));

    assertThat(bound).containsExactly(Map.entry("greeter", new GreeterSettings("hi", Duration.ofMinutes(10))));
  }

  record Schedules(String digestSchedule, java.util.Optional<String> extra, Duration maxAge) {}

  @Test
  void valueReadsASettingByItsConfigPathForCronPlaceholders() {
    Map<String, Record> bound = Map.of("house", new Schedules("0 0 9 ? * MON", java.util.Optional.empty(),
        Duration.ofMinutes(5)));

    assertThat(BotSettings.value(bound, "bots.house.digest_schedule")).contains("0 0 9 ? * MON");
    assertThat(BotSettings.value(bound, "bots.house.extra")).contains("");
    assertThat(BotSettings.value(bound, "bots.house.max_age")).contains("PT5M");
    assertThat(BotSettings.value(bound, "bots.house.nothing")).isEmpty();
    assertThat(BotSettings.value(bound, "bots.other.digest_schedule")).isEmpty();
    assertThat(BotSettings.value(bound, "storage.url")).isEmpty();
  }

  @Test
  void bindsAMissingSectionAsAnEmptyOne() {
    assertThat(BotSettings.bind(config().build(), List.of(Relay.class)))
        .containsExactly(Map.entry("relay", new RelaySettings(List.of())));
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> BotSettings.bind(config().build(), List.of(Greeter.class)));
    assertThat(e.problems()).containsExactly(
        new ConfigProblem("bots.greeter.message", "required key 'message' is missing"));
  }

  @Test
  void reportsEveryProblemOfEveryBotWithItsKeyPath() {
    StewardConfig config = config()
        .botSection("greeter", Map.of("message", "hi", "max_age", "soon"))
        .botSection("relay", Map.of("to", List.of("@ok:localhost", "@\u0430lice:localhost")))
        .botSection("echo", Map.of("enable", false))
        .build();

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> BotSettings.bind(config, List.of(Greeter.class, Relay.class, Echo.class)));

    assertThat(e.problems()).extracting(ConfigProblem::path)
        .containsExactly("bots.greeter.max_age", "bots.relay.to[1]", "bots.echo.enable");
    assertThat(e.problems().get(2).message())
        .isEqualTo("unknown key 'enable': the echo bot (Echo) has no settings, its section takes only 'enabled'");
  }

  @Test
  void stewardChecksSettingsBeforeItOpensTheStoreOrContactsTheHomeserver(@TempDir Path dir) throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      StewardConfig config = StewardConfig.builder().homeserver(server.url("/").toString())
          .password(UserId.of("@bot:localhost"), "pw")
          .storage(new StorageConfig("jdbc:h2:file:" + dir + "/store", "", ""))
          .botSection("greeter", Map.of("message", 42))
          .build();
      Steward steward = Steward.builder(config).bots(Greeter.class).build();

      ConfigException e = catchThrowableOfType(ConfigException.class, steward::start);

      assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("bots.greeter.message");
      assertThat(server.getRequestCount()).isZero();
      try (var files = Files.list(dir)) {
        assertThat(files).as("no store opened").isEmpty();
      }
      steward.close();
    }
  }
}

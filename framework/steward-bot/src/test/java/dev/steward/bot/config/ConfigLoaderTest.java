package dev.steward.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.UserId;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Function<String, String> NO_ENV = name -> null;

  @Test
  void loadsEveryKeyOfAFullFile() {
    StewardConfig config = ConfigLoader.load(fixture("full.yaml"), NO_ENV);

    assertThat(config.homeserver().url()).isEqualTo(URI.create("https://matrix.example.org"));
    assertThat(config.auth().userId()).isEqualTo(UserId.of("@bot:example.org"));
    assertThat(config.auth().password()).contains("hunter2");
    assertThat(config.auth().accessToken()).isEmpty();
    assertThat(config.auth().deviceId()).contains("BOTDEVICE");
    assertThat(config.auth().deviceName()).isEqualTo("Example bot");
    assertThat(config.bot()).isEqualTo(new BotConfig("?",
        List.of(UserId.of("@admin:example.org"), UserId.of("@ops:example.org")),
        true, false, 8, 500, Duration.ofMinutes(1), Duration.ofMinutes(10)));
    assertThat(config.storage()).isEqualTo(
        new StorageConfig("jdbc:postgresql://db:5432/steward", "steward", "dbsecret"));
    assertThat(config.bots()).containsOnlyKeys("welcome", "moderation");
    assertThat(config.bots().keySet()).containsExactly("welcome", "moderation");
    assertThat(config.bots().get("welcome").settings()).isEqualTo(Map.of("message", "Welcome {name}!"));
    assertThat(config.bots().get("moderation").enabled()).isFalse();
    assertThat(config.botSection("moderation").orElseThrow().settings()).isEqualTo(Map.of("max_mentions", 5));
  }

  @Test
  void fillsDefaultsWhenOptionalSectionsAndKeysAreMissing() {
    StewardConfig config = ConfigLoader.load(fixture("minimal.yaml"), NO_ENV);

    assertThat(config.auth().accessToken()).contains("syt_token");
    assertThat(config.auth().password()).isEmpty();
    assertThat(config.auth().deviceId()).isEmpty();
    assertThat(config.auth().deviceName()).isEqualTo("Steward");
    assertThat(config.bot()).isEqualTo(BotConfig.defaults());
    assertThat(config.bot().commandPrefix()).isEqualTo("!");
    assertThat(config.bot().owners()).isEmpty();
    assertThat(config.bot().replayOnFirstStart()).isFalse();
    assertThat(config.bot().replyWhenRefused()).isTrue();
    assertThat(config.bot().handlerThreads()).isEqualTo(4);
    assertThat(config.bot().dedupeSize()).isEqualTo(10_000);
    assertThat(config.bot().syncTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.storage()).isEqualTo(new StorageConfig("jdbc:h2:file:./data/steward", "", ""));
    assertThat(config.bots()).isEmpty();
  }

  @Test
  void fillsMissingKeysOfAPresentSectionFromItsDefaults() {
    StewardConfig config = ConfigLoader.loadString("""
        homeserver: {url: "http://localhost:8008"}
        auth: {user_id: "@bot:localhost", password: pw}
        bot:
          handler_threads: 2
        storage:
          username: sa
        """, NO_ENV);

    assertThat(config.bot().handlerThreads()).isEqualTo(2);
    assertThat(config.bot().dedupeSize()).isEqualTo(10_000);
    assertThat(config.storage().url()).isEqualTo(StorageConfig.DEFAULT_URL);
    assertThat(config.storage().username()).isEqualTo("sa");
  }

  @Test
  void reportsEveryProblemOfAFileTogetherWithItsPath() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(fixture("many-problems.yaml"), NO_ENV));

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "homeserver.url", "auth.passwrod", "auth.user_id", "bot.handler_threads", "bot.sync_timeout",
        "storage.url");
    assertThat(e.getMessage().lines()).hasSize(6)
        .contains("config error at 'bot.handler_threads': expected a whole number, found 'abc'")
        .contains("config error at 'auth.user_id': '@bot' is not a valid user id: has no ':server' part");
  }

  @Test
  void reportsAMissingFileWithItsNameAtTheFileLevel(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(missing, NO_ENV));

    assertThat(e.path()).isEmpty();
    assertThat(e.getMessage()).startsWith("config error: config file '" + missing + "' does not exist");
  }

  @Test
  void reportsADirectoryGivenAsTheFile(@TempDir Path dir) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(dir, NO_ENV));

    assertThat(e.path()).isEmpty();
    assertThat(e.getMessage()).contains("'" + dir + "' is a directory");
  }

  @Test
  void reportsTheLineOfAYamlSyntaxError() {
    Path file = fixture("syntax-error.yaml");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, NO_ENV));

    assertThat(e.path()).isEmpty();
    assertThat(e.getMessage()).contains("config file '" + file + "' is not valid YAML: line 6");
  }

  @Test
  void rejectsADuplicateKeyNamingItsLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(fixture("duplicate-key.yaml"), NO_ENV));

    assertThat(e.path()).isEmpty();
    assertThat(e.getMessage()).contains("line 6").contains("duplicate key password");
  }

  @Test
  void rejectsAnEmptyFile() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(fixture("empty.yaml"), NO_ENV));

    assertThat(e.path()).isEmpty();
    assertThat(e.getMessage()).contains("empty.yaml' is empty");
  }

  @Test
  void rejectsAFileWhoseTopLevelIsNotAMapping() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(fixture("list-at-top.yaml"), NO_ENV));

    assertThat(e.path()).isEmpty();
    assertThat(e.getMessage()).contains("must be a mapping of sections").contains("found a list");
  }

  @Test
  void rejectsAFileThatIsNotUtf8() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(fixture("not-utf8.yaml"), NO_ENV));

    assertThat(e.getMessage()).contains("not-utf8.yaml' is not UTF-8 text");
  }

  @Test
  void requiresTheHomeserverAndAuthSections() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.loadString("bot: {handler_threads: 2}\n", NO_ENV));

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("homeserver", "required key 'homeserver' is missing"),
        new ConfigProblem("auth", "required key 'auth' is missing"));
  }

  @Test
  void namesAnUnknownTopLevelKeyAndSuggestsTheKnownOne() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.loadString("""
        homeserver: {url: "http://localhost:8008"}
        auth: {user_id: "@bot:localhost", password: pw}
        storge: {url: "jdbc:h2:mem:x"}
        """, NO_ENV));

    assertThat(e.path()).isEqualTo("storge");
    assertThat(e.getMessage()).isEqualTo("config error at 'storge': unknown key 'storge' at the top level; "
        + "known keys: auth, bot, bots, encryption, homeserver, ops, scheduler, storage; did you mean 'storage'?");
  }

  static Path fixture(String name) {
    try {
      return Path.of(ConfigLoaderTest.class.getResource("ConfigLoaderTest/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new AssertionError("missing fixture " + name, e);
    }
  }
}

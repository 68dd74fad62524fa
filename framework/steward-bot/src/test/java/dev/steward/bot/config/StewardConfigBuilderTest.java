package dev.steward.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StewardConfigBuilderTest {
  private static final UserId BOT = UserId.of("@bot:localhost");

  record Greeting(String message, Duration delay, List<UserId> skip) {}

  @Test
  void buildsTheSameConfigAsTheEquivalentFile() {
    StewardConfig built = StewardConfig.builder()
        .homeserver("http://127.0.0.1:8008")
        .password(BOT, "pw")
        .bot(new BotConfig("?", List.of(UserId.of("@admin:localhost")), false, true, 2, 500, Duration.ofSeconds(5),
            Duration.ofMinutes(10)))
        .storage(new StorageConfig("jdbc:h2:mem:x", "", ""))
        .botSection("welcome", Map.of("message", "hi", "delay", "2s"))
        .botSection("echo", Map.of("enabled", false))
        .build();
    StewardConfig loaded = ConfigLoader.loadString("""
        homeserver: {url: 'http://127.0.0.1:8008'}
        auth: {user_id: '@bot:localhost', password: pw}
        bot: {command_prefix: '?', owners: ['@admin:localhost'], handler_threads: 2, dedupe_size: 500,
              sync_timeout: 5s}
        storage: {url: 'jdbc:h2:mem:x'}
        bots:
          welcome: {message: hi, delay: 2s}
          echo: {enabled: false}
        """, name -> null);

    assertThat(built).isEqualTo(loaded);
    assertThat(built.bots().keySet()).containsExactly("welcome", "echo");
    assertThat(built.auth().deviceName()).isEqualTo("Steward");
    assertThat(built.scheduler()).isEqualTo(SchedulerConfig.defaults());
  }

  @Test
  void takesSectionValuesAlreadyOfTheSettingsTypes() {
    StewardConfig config = StewardConfig.builder().homeserver("http://127.0.0.1:8008").accessToken(BOT, "tok")
        .botSection("greeter", Map.of("message", "hi", "delay", Duration.ofMinutes(1),
            "skip", List.of(UserId.of("@alice:localhost"), "@bob:localhost")))
        .build();

    assertThat(config.auth().accessToken()).contains("tok");
    assertThat(config.storage()).isEqualTo(StorageConfig.defaults());
    assertThat(config.botSection("greeter").orElseThrow().bind(Greeting.class)).isEqualTo(new Greeting("hi",
        Duration.ofMinutes(1), List.of(UserId.of("@alice:localhost"), UserId.of("@bob:localhost"))));
  }

  @Test
  void reportsEveryProblemWithItsKeyPathAsAFileWould() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> StewardConfig.builder()
        .homeserver("ftp://example.org")
        .botSection("welcome", Map.of("enabled", "maybe"))
        .build());

    assertThat(e.problems()).containsExactly(
        new ConfigProblem("homeserver.url", "'ftp://example.org' is not an http(s) URL; write e.g. "
            + "https://matrix.example.org"),
        new ConfigProblem("auth", "required key 'auth' is missing"),
        new ConfigProblem("bots.welcome.enabled", "expected true or false, found 'maybe'"));
  }

  @Test
  void checksTheWholeConfigAsAFileIsChecked() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> StewardConfig.builder()
        .homeserver("http://127.0.0.1:8008")
        .auth(new AuthConfig(BOT, Optional.of("pw"), Optional.empty(), Optional.of("DEV"), "Bot"))
        .scheduler(new SchedulerConfig(2, true, "a", Duration.ofSeconds(10)))
        .build());

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("scheduler.cluster");
  }
}

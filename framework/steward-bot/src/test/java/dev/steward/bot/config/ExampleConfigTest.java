package dev.steward.bot.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.UserId;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExampleConfigTest {
  /** The file the README runs; Maven runs tests from the module directory. */
  private static final Path EXAMPLE = Path.of("../../config/steward.yaml");

  @Test
  void theShippedExampleLoadsWithAnEmptyEnvironment() {
    StewardConfig config = ConfigLoader.load(EXAMPLE, name -> null);

    assertThat(config.homeserver().url()).isEqualTo(URI.create("http://127.0.0.1:8008"));
    assertThat(config.auth().userId()).isEqualTo(UserId.of("@steward:localhost"));
    assertThat(config.auth().password()).contains("steward-dev-password");
    assertThat(config.storage()).isEqualTo(StorageConfig.defaults());
    assertThat(config.scheduler()).isEqualTo(SchedulerConfig.defaults());
    assertThat(config.bots()).containsOnlyKeys("echo", "dice", "poll", "webhook", "reminder", "autojoin", "welcome", "moderation",
        "housekeeping");
    assertThat(config.bots().get("echo").enabled()).isTrue();
    assertThat(config.bots().values()).filteredOn(BotSection::enabled).extracting(BotSection::name)
        .containsExactlyInAnyOrder("echo", "autojoin");
  }

  @Test
  void theShippedExampleTakesThePasswordFromTheEnvironment() {
    StewardConfig config = ConfigLoader.load(EXAMPLE, name -> name.equals("STEWARD_PASSWORD") ? "from-env" : null);

    assertThat(config.auth().password()).contains("from-env");
  }
}

package dev.steward.examples.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.config.StewardConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ShippedConfigTest {
  @Test
  void theWebhookSectionOfTheShippedConfigBindsAndTakesTheTokenFromTheEnvironment() {
    StewardConfig config = ConfigLoader.load(Path.of("../config/steward.yaml"),
        name -> name.equals("STEWARD_WEBHOOK_TOKEN") ? "token-from-the-environment" : null);
    WebhookSettings settings = config.botSection("webhook").orElseThrow().bind(WebhookSettings.class);
    assertThat(settings.port()).isEqualTo(8765);
    assertThat(settings.token()).isEqualTo("token-from-the-environment");
    assertThat(settings.toString()).doesNotContain("token-from");
  }
}

package dev.steward.bots.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.annotation.processing.BotIndexProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The shipped jar (built in the package phase, before the integration tests) holds every module's bot index. */
class ShadedJarIT {
  @Test
  void theJarListsTheBotsOfEveryModuleInOneIndex() throws Exception {
    try (JarFile jar = new JarFile(Path.of("target/steward.jar").toFile())) {
      var entry = jar.getJarEntry(BotIndexProcessor.INDEX);
      assertThat(entry).as(BotIndexProcessor.INDEX + " in the jar").isNotNull();
      String index = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);

      assertThat(index.lines().filter(line -> !line.isBlank())).containsExactlyInAnyOrder(
          "dev.steward.bots.autojoin.AutoJoinBot", "dev.steward.bots.housekeeping.HousekeepingBot",
          "dev.steward.bots.moderation.ModerationBot", "dev.steward.bots.welcome.WelcomeBot",
          "dev.steward.examples.dice.DiceBot", "dev.steward.examples.echo.EchoBot", "dev.steward.examples.poll.PollBot",
          "dev.steward.examples.reminder.ReminderBot", "dev.steward.examples.webhook.WebhookBot");
    }
  }
}

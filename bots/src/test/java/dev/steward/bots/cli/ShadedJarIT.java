package dev.steward.bots.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.annotation.processing.BotIndexProcessor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  /**
   * The jar logs its own lines from the first one, through {@link LogConfigurator}: no logback file in it, no
   * logback status printed. (A jar packaged over a stale {@code target/classes} once carried an old logback.xml.)
   */
  @Test
  void theJarLogsItsOwnLinesWithoutALogbackFile() throws Exception {
    try (JarFile jar = new JarFile(Path.of("target/steward.jar").toFile())) {
      assertThat(jar.getJarEntry("logback.xml")).isNull();
      assertThat(jar.getJarEntry("logback-test.xml")).isNull();
      var service = jar.getJarEntry("META-INF/services/ch.qos.logback.classic.spi.Configurator");
      assertThat(new String(jar.getInputStream(service).readAllBytes(), StandardCharsets.UTF_8).strip())
          .isEqualTo(LogConfigurator.class.getName());
    }
    Path dir = Files.createTempDirectory("steward-jar-log");
    Path config = dir.resolve("steward.yaml");
    // A homeserver nothing answers on: the store opens and logs, then the bot waits for the homeserver.
    Files.writeString(config, """
        homeserver: {url: 'http://127.0.0.1:9'}
        auth: {user_id: '@jar:localhost', access_token: unused}
        storage: {url: 'jdbc:h2:file:%s'}
        bots:
          echo: {enabled: true}
        """.formatted(dir.resolve("data/steward")));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-jar", Path.of("target/steward.jar").toAbsolutePath().toString(), "run",
        "--config", config.toString()).redirectErrorStream(true).start();
    CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(p::destroyForcibly);
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (line.contains("StewardStore - ")) {
          break;
        }
      }
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(lines).isNotEmpty();
    assertThat(lines).allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ +\\w+ - .*"),
        "every line in the steward format, no logback status");
    assertThat(lines.get(lines.size() - 1)).contains("INFO  StewardStore - Store open");
  }
}

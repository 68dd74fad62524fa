package dev.steward.bots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.runtime.Steward;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Integration tests' set-up: the ready-made bots running as {@code bot} on the test Synapse. */
public final class BotsFixture {
  private BotsFixture() {}

  /**
   * Starts the given bot classes with the {@code bots:} section body {@code botsYaml} (indented by the caller as
   * under {@code bots:}), an H2 store in {@code dir}, and waits until the first sync was handled.
   */
  public static Steward start(TestHomeserver hs, TestUser bot, Path dir, String botsYaml, Class<?>... bots) {
    return start(hs, bot, dir, "", botsYaml, bots);
  }

  /** As above, with {@code sectionsYaml} (whole top-level sections, e.g. {@code encryption:}) added to the config. */
  public static Steward start(TestHomeserver hs, TestUser bot, Path dir, String sectionsYaml, String botsYaml,
                              Class<?>... bots) {
    String yaml = sectionsYaml.stripTrailing() + "\n" + """
        homeserver:
          url: %s
        auth:
          user_id: "%s"
          password: ${BOT_PASSWORD}
        bot:
          sync_timeout: 5s
        storage:
          url: jdbc:h2:file:%s/steward
        bots:
        %s
        """.formatted(hs.url(), bot.userId(), dir, botsYaml.stripTrailing().indent(2).stripTrailing());
    Steward steward = Steward.builder(ConfigLoader.loadString(yaml, Map.of("BOT_PASSWORD", bot.password())::get))
        .bots(bots).build().start();
    try {
      assertThat(steward.awaitReady(Duration.ofSeconds(60))).as("first sync handled").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      steward.close();
      throw new AssertionError(e);
    } catch (AssertionError e) {
      steward.close();
      throw e;
    }
    return steward;
  }
}

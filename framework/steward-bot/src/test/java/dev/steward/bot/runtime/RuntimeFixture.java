package dev.steward.bot.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.config.StewardConfig;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.time.Duration;
import java.util.Map;

/** Runtime integration tests' shared set-up: a config for a bot account on the test Synapse, and a ready start. */
public final class RuntimeFixture {
  private RuntimeFixture() {}

  /**
   * A config for {@code bot} on {@code hs} with the password from the environment map, a 5 s sync timeout, the
   * given storage section body (e.g. {@code url: jdbc:h2:file:/tmp/x}) and any further top-level YAML.
   */
  public static StewardConfig config(TestHomeserver hs, TestUser bot, String storage, String moreYaml) {
    String yaml = """
        homeserver:
          url: %s
        auth:
          user_id: "%s"
          password: ${BOT_PASSWORD}
        bot:
          sync_timeout: 5s
        storage:
          %s
        %s
        """.formatted(hs.url(), bot.userId(), storage.strip().replace("\n", "\n  "), moreYaml.strip());
    return ConfigLoader.loadString(yaml, Map.of("BOT_PASSWORD", bot.password())::get);
  }

  /** Starts the runtime and waits until its first sync has been handled. */
  public static Steward startReady(Steward.Builder builder) {
    Steward steward = builder.build().start();
    try {
      assertThat(steward.awaitReady(Duration.ofSeconds(60))).as("first sync handled").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      steward.close();
      throw new AssertionError(e);
    }
    return steward;
  }
}

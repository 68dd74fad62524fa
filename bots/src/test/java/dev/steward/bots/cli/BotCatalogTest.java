package dev.steward.bots.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.config.ConfigProblem;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bots.autojoin.AutoJoinBot;
import dev.steward.bots.welcome.WelcomeBot;
import dev.steward.client.UserId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BotCatalogTest {
  private final BotCatalog catalog = new BotCatalog(StewardCli.PACKAGES);

  @Test
  void findsTheReadyMadeBotsByTheirConfigNames() {
    StewardConfig config = StewardConfig.builder().homeserver("http://127.0.0.1:8008")
        .password(UserId.of("@bot:localhost"), "x")
        .botSection("autojoin", Map.of("users", List.of("@alice:localhost")))
        .botSection("welcome", Map.of())
        .botSection("echo", Map.of("enabled", false))
        .build();

    assertThat(catalog.names()).contains("autojoin", "housekeeping", "moderation", "welcome");
    assertThat(catalog.enabled(config)).containsExactly(AutoJoinBot.class, WelcomeBot.class);
    assertThat(catalog.unknown(config)).isEmpty();
  }

  @Test
  void namesEverySectionOfAnUnknownBotEnabledOrNot() {
    StewardConfig config = StewardConfig.builder().homeserver("http://127.0.0.1:8008")
        .password(UserId.of("@bot:localhost"), "x")
        .botSection("echo", Map.of())
        .botSection("wellcome", Map.of())
        .botSection("nosuch", Map.of("enabled", false))
        .build();

    assertThat(catalog.enabled(config)).hasSize(1);
    assertThat(catalog.unknown(config)).extracting(ConfigProblem::path).containsExactly("bots.wellcome", "bots.nosuch");
  }
}

package dev.steward.bots.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bots.autojoin.AutoJoinBot;
import dev.steward.bots.welcome.WelcomeBot;
import org.junit.jupiter.api.Test;

class BotCatalogTest {
  @Test
  void findsTheReadyMadeBotsByTheirConfigNames() {
    BotCatalog catalog = new BotCatalog(StewardCli.PACKAGES);
    StewardConfig config = ConfigLoader.loadString("""
        homeserver: {url: 'http://127.0.0.1:8008'}
        auth: {user_id: '@bot:localhost', password: x}
        bots:
          autojoin: {users: ['@alice:localhost']}
          welcome: {}
          echo: {enabled: false}
        """, name -> null);

    assertThat(catalog.names()).contains("autojoin", "welcome");
    assertThat(catalog.enabled(config)).containsExactly(AutoJoinBot.class, WelcomeBot.class);
  }
}

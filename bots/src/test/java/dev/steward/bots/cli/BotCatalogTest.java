package dev.steward.bots.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.config.ConfigProblem;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bots.autojoin.AutoJoinBot;
import dev.steward.bots.welcome.WelcomeBot;
import dev.steward.client.UserId;
import dev.steward.bot.annotation.processing.BotIndexProcessor;
import dev.steward.examples.echo.EchoBot;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BotCatalogTest {
  private final BotCatalog catalog = new BotCatalog(StewardCli.PACKAGES);

  @Test
  void findsTheReadyMadeBotsByTheirConfigNames() {
    StewardConfig config = config()
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
    StewardConfig config = config()
        .botSection("echo", Map.of())
        .botSection("wellcome", Map.of())
        .botSection("nosuch", Map.of("enabled", false))
        .build();

    assertThat(catalog.enabled(config)).hasSize(1);
    assertThat(catalog.unknown(config)).extracting(ConfigProblem::path).containsExactly("bots.wellcome", "bots.nosuch");
  }

  @Test
  void findsTheBotsTheConfigNamesInTheIndexWithoutAScan() {
    StewardConfig config = config()
        .botSection("autojoin", Map.of("users", List.of("@alice:localhost")))
        .botSection("echo", Map.of())
        .botSection("welcome", Map.of("enabled", false))
        .build();

    assertThat(catalog.enabled(config)).containsExactly(AutoJoinBot.class, EchoBot.class);
    assertThat(catalog.unknown(config)).isEmpty();
    assertThat(catalog.scanned()).isFalse();
  }

  @Test
  void scansForABotTheIndexDoesNotList() {
    // As with a bot compiled without the processor (Java 23 and later run none unless told): the index lists only
    // autojoin (and a class that is gone, and one that is no bot, both skipped).
    BotCatalog partial = new BotCatalog("dev/steward/bots/cli/BotCatalogTest/partial-index",
        BotCatalog.class.getClassLoader(), StewardCli.PACKAGES);
    StewardConfig autojoinOnly = config()
        .botSection("autojoin", Map.of("users", List.of("@alice:localhost")))
        .build();
    assertThat(partial.enabled(autojoinOnly)).containsExactly(AutoJoinBot.class);
    assertThat(partial.scanned()).isFalse();

    StewardConfig withWelcome = config()
        .botSection("autojoin", Map.of("users", List.of("@alice:localhost")))
        .botSection("welcome", Map.of())
        .build();
    assertThat(partial.unknown(withWelcome)).isEmpty();
    assertThat(partial.enabled(withWelcome)).containsExactly(AutoJoinBot.class, WelcomeBot.class);
    assertThat(partial.scanned()).isTrue();
  }

  @Test
  void withoutAnyIndexEveryBotIsFoundByTheScan() {
    BotCatalog none = new BotCatalog("dev/steward/bots/cli/BotCatalogTest/no-such-index",
        BotCatalog.class.getClassLoader(), StewardCli.PACKAGES);
    StewardConfig config = config()
        .botSection("welcome", Map.of())
        .build();

    assertThat(none.enabled(config)).containsExactly(WelcomeBot.class);
    assertThat(none.scanned()).isTrue();
  }

  @Test
  void theIndexListsExactlyTheBotsTheScanFinds() throws IOException {
    // The bots and examples modules' indexes (and this module's test bots): what the processor wrote at compile time.
    Set<String> indexed = new HashSet<>();
    for (URL file : Collections.list(getClass().getClassLoader().getResources(BotIndexProcessor.INDEX))) {
      try (InputStream in = file.openStream()) {
        indexed.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
      }
    }
    BotCatalog scan = new BotCatalog("dev/steward/bots/cli/BotCatalogTest/no-such-index",
        BotCatalog.class.getClassLoader(), StewardCli.PACKAGES);
    Set<String> scanned = new HashSet<>();
    for (String name : scan.names()) {
      StewardConfig config = config().botSection(name, Map.of()).build();
      scan.enabled(config).forEach(type -> scanned.add(type.getName()));
    }

    assertThat(scanned).contains(AutoJoinBot.class.getName(), EchoBot.class.getName());
    assertThat(indexed).isEqualTo(scanned);
  }

  /** A config with the homeserver and login every test leaves as they are. */
  private static StewardConfig.Builder config() {
    return StewardConfig.builder().homeserver("http://127.0.0.1:8008").password(UserId.of("@bot:localhost"), "x");
  }
}

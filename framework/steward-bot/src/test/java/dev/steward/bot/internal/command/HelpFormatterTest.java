package dev.steward.bot.internal.command;

import static dev.steward.bot.internal.command.Handlers.sig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.internal.command.Handlers.Mod;
import org.junit.jupiter.api.Test;

class HelpFormatterTest {
  private final CommandRegistry registry = new CommandRegistry();
  private final HelpFormatter help = new HelpFormatter(registry);

  private void registerSome() {
    registry.register(sig(Mod.class, "roll"));
    registry.register(sig(Mod.class, "ban"));
    registry.register(sig(Mod.class, "ping"));
  }

  @Test
  void overviewListsEveryCommandSortedOnePerLine() {
    registerSome();

    assertThat(help.help("")).isEqualTo("""
        Commands:
        - `!ban <user> [reason...]` — Ban a user
        - `!ping`
        - `!roll [dice]` — Roll dice""");
  }

  @Test
  void overviewCanHideCommands() {
    registerSome();

    assertThat(help.overview(sig -> sig.minPowerLevel() == 0)).doesNotContain("!ban").contains("!roll");
  }

  @Test
  void overviewWithoutCommandsSaysSo() {
    assertThat(help.overview()).isEqualTo("No commands.");
  }

  @Test
  void oneCommandShowsUsageHelpAliasesAndPowerLevel() {
    registerSome();
    String expected = """
        `!ban <user> [reason...]` — Ban a user
        - Aliases: `!b`, `!kickban`
        - Requires power level 50""";

    assertThat(help.help("ban")).isEqualTo(expected);
    assertThat(help.help("  !ban  ")).isEqualTo(expected);
    assertThat(help.help("!B")).isEqualTo(expected);
  }

  @Test
  void oneCommandWithoutPowerLevelOrAliasesIsJustItsLine() {
    registerSome();

    assertThat(help.help("roll")).isEqualTo("`!roll [dice]` — Roll dice");
  }

  @Test
  void unknownCommandSaysSoAndListsNothingElse() {
    registerSome();

    assertThat(help.help("frobnicate")).isEqualTo("No command named 'frobnicate'.");
    assertThat(help.help("\"oops")).isEqualTo("No command named '\"oops'.");
  }

  @Test
  void customPrefixIsUsedInHelp() {
    CommandRegistry custom = new CommandRegistry("?");
    custom.register(sig(Mod.class, "ban"));
    HelpFormatter formatter = new HelpFormatter(custom);

    assertThat(formatter.help("")).contains("`?ban <user> [reason...]`");
    assertThat(formatter.help("ban")).startsWith("`?ban <user> [reason...]`").contains("`?b`");
  }
}

package dev.steward.bot.internal.command;

import static dev.steward.bot.internal.command.Handlers.sig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.annotation.Command;
import dev.steward.bot.internal.command.Handlers.Mod;
import dev.steward.bot.command.ParseContext;
import dev.steward.bot.internal.command.CommandRegistry.CommandLine;
import org.junit.jupiter.api.Test;

class CommandRegistryTest {
  static final class Clash {
    @Command(value = "!block", aliases = "!B")
    void block() {}

    @Command("!BAN")
    void shout() {}
  }

  @Test
  void findsByNameAndAliasIgnoringCase() {
    CommandRegistry registry = new CommandRegistry();
    registry.register(sig(Mod.class, "ban"));

    assertThat(registry.find("!ban")).map(CommandSignature::handlerName).contains("Mod.ban");
    assertThat(registry.find("!BAN")).isPresent();
    assertThat(registry.find("!KickBan")).isPresent();
    assertThat(registry.find("!b")).isPresent();
    assertThat(registry.find("ban")).isEmpty();
    assertThat(registry.find("!unban")).isEmpty();
  }

  @Test
  void aliasClashNamesBothMethods() {
    CommandRegistry registry = new CommandRegistry();
    registry.register(sig(Mod.class, "ban"));

    assertThatThrownBy(() -> registry.register(sig(Clash.class, "block")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll("'!B'", "Clash.block", "Mod.ban");
    assertThat(registry.find("!block")).as("nothing of a refused command is registered").isEmpty();
  }

  @Test
  void nameClashDiffersOnlyInCase() {
    CommandRegistry registry = new CommandRegistry();
    registry.register(sig(Mod.class, "ban"));

    assertThatThrownBy(() -> registry.register(sig(Clash.class, "shout")))
        .hasMessageContainingAll("'!BAN'", "Clash.shout", "Mod.ban");
  }

  @Test
  void listsEachCommandOnceSortedByName() {
    CommandRegistry registry = new CommandRegistry();
    registry.register(sig(Mod.class, "roll"));
    registry.register(sig(Mod.class, "ban"));
    registry.register(sig(Mod.class, "mute"));

    assertThat(registry.commands()).extracting(CommandSignature::name).containsExactly("!ban", "!mute", "!roll");
  }

  @Test
  void splitsABodyIntoNameAndArgumentText() {
    CommandRegistry registry = new CommandRegistry();

    assertThat(registry.split("!ban @bob:x  being rude"))
        .contains(new CommandLine("!ban", " @bob:x  being rude"));
    assertThat(registry.split("!ping")).contains(new CommandLine("!ping", ""));
    assertThat(registry.split("!ban\u00a0@bob:x")).contains(new CommandLine("!ban", "\u00a0@bob:x"));
  }

  @Test
  void bodiesWithoutThePrefixAreNotCommands() {
    CommandRegistry registry = new CommandRegistry();

    assertThat(registry.split("hello !ban")).isEmpty();
    assertThat(registry.split(" !ban")).isEmpty();
    assertThat(registry.split("!")).isEmpty();
    assertThat(registry.split("! ban")).isEmpty();
    assertThat(registry.split(null)).isEmpty();
  }

  @Test
  void customPrefixRenamesAnnotatedCommands() {
    CommandRegistry registry = new CommandRegistry("?");
    CommandSignature ban = registry.register(sig(Mod.class, "ban"));

    assertThat(ban.name()).isEqualTo("?ban");
    assertThat(ban.usage()).isEqualTo("?ban <user> [reason...]");
    assertThat(registry.find("?ban")).isPresent();
    assertThat(registry.find("?b")).isPresent();
    assertThat(registry.find("!ban")).isEmpty();
    assertThat(registry.split("!ban @bob:x")).isEmpty();
    assertThat(registry.split("?ban @bob:x")).contains(new CommandLine("?ban", " @bob:x"));
  }

  @Test
  void usageErrorsShowTheCustomPrefix() {
    CommandRegistry registry = new CommandRegistry("?");
    CommandSignature ban = registry.register(sig(Mod.class, "ban"));

    assertThatThrownBy(() -> CommandParser.parse(ban, "", MessageParse.of(Handlers.CONVERTERS)))
        .hasMessage("Missing <user>. Usage: ?ban <user> [reason...]");
  }

  @Test
  void refusesAnEmptyOrSpacedPrefix() {
    assertThatThrownBy(() -> new CommandRegistry("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CommandRegistry("! ")).isInstanceOf(IllegalArgumentException.class);
  }
}

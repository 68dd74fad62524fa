package dev.steward.bot.internal.command;

import static dev.steward.bot.internal.command.Handlers.sig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.annotation.Arg;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.internal.command.CommandParameter.Kind;
import dev.steward.bot.internal.command.Handlers.Ctx;
import dev.steward.bot.internal.command.Handlers.Mod;
import dev.steward.client.UserId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandSignatureTest {
  @Test
  void usageLinesShowRequiredOptionalAndRest() {
    assertThat(sig(Mod.class, "ban").usage()).isEqualTo("!ban <user> [reason...]");
    assertThat(sig(Mod.class, "mute").usage()).isEqualTo("!mute <user> <duration> [reason...]");
    assertThat(sig(Mod.class, "roll").usage()).isEqualTo("!roll [dice]");
    assertThat(sig(Mod.class, "poll").usage()).isEqualTo("!poll <question> <options...>");
    assertThat(sig(Mod.class, "echo").usage()).isEqualTo("!echo <text...>");
    assertThat(sig(Mod.class, "ping").usage()).isEqualTo("!ping");
  }

  @Test
  void javaNamesBecomeKebabCase() {
    assertThat(sig(Mod.class, "tag").usage()).isEqualTo("!tag <target-user-name> [labels...]");
    assertThat(Text.kebab("HTTPServer")).isEqualTo("http-server");
    assertThat(Text.kebab("userId2")).isEqualTo("user-id2");
  }

  @Test
  void readsAnnotationAttributes() {
    CommandSignature ban = sig(Mod.class, "ban");

    assertThat(ban.name()).isEqualTo("!ban");
    assertThat(ban.aliases()).containsExactly("!b", "!kickban");
    assertThat(ban.help()).isEqualTo("Ban a user");
    assertThat(ban.minPowerLevel()).isEqualTo(50);
    assertThat(ban.handlerName()).isEqualTo("Mod.ban");
  }

  @Test
  void classifiesInjectedAndArgumentParameters() {
    CommandSignature ban = sig(Mod.class, "ban");

    assertThat(ban.parameters()).extracting(CommandParameter::kind)
        .containsExactly(Kind.INJECTED, Kind.ARGUMENT, Kind.REST);
    assertThat(ban.arguments()).extracting(CommandParameter::name).containsExactly("user", "reason");
  }

  @Test
  void optionalAndListParametersUseTheirElementType() {
    CommandSignature limit = sig(Mod.class, "limit");

    assertThat(limit.parameters()).extracting(CommandParameter::valueType)
        .containsExactly(int.class, Integer.class, Long.class);
    assertThat(limit.parameters()).extracting(CommandParameter::optional).containsExactly(false, true, true);
    assertThat(sig(Mod.class, "poll").parameters().get(2).valueType()).isEqualTo(String.class);
  }

  static final class Bad {
    @Command("!a")
    void requiredAfterOptional(@Arg(optional = true) String a, String b) {}

    @Command("!b")
    void restNotLast(@Rest String reason, UserId user) {}

    @Command("!c")
    void restNotString(@Rest Integer n) {}

    @Command("!d")
    void noConverter(@Arg("thing") Thread thread) {}

    @Command("!e")
    void neitherArgumentNorInjectable(Ctx ctx, StringBuilder sb) {}

    @Command("!f")
    void listNotLast(List<String> items, String last) {}

    @Command("!g")
    void optionalPrimitive(@Arg(optional = true) int n) {}

    @Command("!h")
    void badDefault(@Arg(defaultValue = "lots") int n) {}

    @Command("!i")
    void optionalOfNothing(Optional<Thread> t) {}

    @Command(value = "!j", allowUsers = "bob")
    void badAllowUser() {}

    @Command("two words")
    void spacedName() {}

    void notACommand(String s) {}
  }

  private static void assertRefused(String method, String... parts) {
    assertThatThrownBy(() -> sig(Bad.class, method))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bad." + method)
        .hasMessageContainingAll(parts);
  }

  @Test
  void refusesDeclarationsThatCannotBeParsed() {
    assertRefused("requiredAfterOptional", "parameter 'b'", "follows an optional argument");
    assertRefused("restNotLast", "parameter 'reason'", "not the last argument");
    assertRefused("restNotString", "parameter 'n'", "not a String");
    assertRefused("noConverter", "parameter 'thread'", "no argument converter");
    assertRefused("neitherArgumentNorInjectable", "parameter 'sb'", "not supplied by the dispatcher");
    assertRefused("listNotLast", "parameter 'items'", "not the last argument");
    assertRefused("optionalPrimitive", "parameter 'n'", "optional primitive");
    assertRefused("badDefault", "parameter 'n'", "defaultValue", "'lots' is not a whole number");
    assertRefused("optionalOfNothing", "parameter 't'", "no argument converter");
    assertRefused("badAllowUser", "allowUsers");
    assertRefused("spacedName", "empty or has spaces");
    assertRefused("notACommand", "not annotated with @Command");
  }

  @Test
  void withPrefixReplacesTheLeadingBang() {
    CommandSignature ban = sig(Mod.class, "ban").withPrefix("?");

    assertThat(ban.name()).isEqualTo("?ban");
    assertThat(ban.aliases()).containsExactly("?b", "?kickban");
    assertThat(ban.usage()).isEqualTo("?ban <user> [reason...]");
  }

  @Test
  void listsOfCommandsAreImmutable() {
    assertThatThrownBy(() -> sig(Mod.class, "ban").parameters().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(sig(Mod.class, "ping").arguments()).isEqualTo(List.of());
  }
}

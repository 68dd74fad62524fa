package dev.steward.bot.internal.command;

import static dev.steward.bot.internal.command.Handlers.CONVERTERS;
import static dev.steward.bot.internal.command.Handlers.sig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.steward.bot.command.ArgumentConverter;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.internal.command.Handlers.Mod;
import dev.steward.bot.command.ParseContext;
import dev.steward.bot.internal.command.Mentions.Pill;
import dev.steward.client.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandParserTest {
  private static final UserId BOB = UserId.of("@bob:localhost");
  private final Directory members = new Directory()
      .with("@bob:localhost", "Bob")
      .with("@bob2:localhost", "Bob")
      .with("@carol:localhost", "Carol Smith");

  private Object[] parse(String method, String args) {
    return CommandParser.parse(sig(Mod.class, method), args, MessageParse.of(CONVERTERS, members, List.of()));
  }

  private Object[] parse(String method, String args, List<Pill> pills) {
    return CommandParser.parse(sig(Mod.class, method), args, MessageParse.of(CONVERTERS, members, pills));
  }

  @Test
  void leavesInjectedSlotsNullAndConvertsArguments() {
    assertThat(parse("mute", "@bob:localhost 10m flooding"))
        .containsExactly(null, BOB, Duration.ofMinutes(10), "flooding");
  }

  @Test
  void restKeepsTheOriginalSpacingAndQuotes() {
    Object[] args = parse("ban", "  @bob:localhost   spam,  \"links\"\tand  don't  ");

    assertThat(args[2]).isEqualTo("spam,  \"links\"\tand  don't");
  }

  @Test
  void restWithAnUnmatchedQuoteIsFine() {
    assertThat(parse("ban", "@bob:localhost he said \"hi")[2]).isEqualTo("he said \"hi");
  }

  @Test
  void missingOptionalRestIsNull() {
    assertThat(parse("ban", "@bob:localhost")).containsExactly(null, BOB, null);
  }

  @Test
  void requiredRestNeedsAWord() {
    assertThat(parse("echo", " hello   world ")).containsExactly("hello   world");
    assertThatThrownBy(() -> parse("echo", "  "))
        .isInstanceOf(CommandUsageException.class)
        .hasMessage("Missing <text...>. Usage: !echo <text...>");
  }

  @Test
  void optionalArgumentsGetNullEmptyOrTheirDefault() {
    assertThat(parse("limit", "5")).containsExactly(5, null, Optional.empty());
    assertThat(parse("limit", "5 10 20")).containsExactly(5, 10, Optional.of(20L));
    assertThat(parse("roll", "")).containsExactly("1d6");
    assertThat(parse("roll", "2d20")).containsExactly("2d20");
    assertThat(parse("retry", "")).containsExactly(3, Optional.empty());
    assertThat(parse("retry", "5 30s")).containsExactly(5, Optional.of(Duration.ofSeconds(30)));
  }

  @Test
  void quotedArgumentsHoldSpaces() {
    Object[] args = parse("poll", "\"Lunch where?\" pizza 'sushi bar' \"\"");

    assertThat(args[1]).isEqualTo("Lunch where?");
    assertThat(args[2]).isEqualTo(List.of("pizza", "sushi bar", ""));
  }

  @Test
  void varargsNeedsAtLeastOneUnlessOptional() {
    assertThatThrownBy(() -> parse("poll", "question"))
        .hasMessage("Missing <options...>. Usage: !poll <question> <options...>");
    assertThat(parse("tag", "x")[3]).isEqualTo(List.of());
  }

  @Test
  void arrayVarargsConvertEachToken() {
    Object[] args = parse("kick", "@bob:localhost @carol:localhost");

    assertThat((UserId[]) args[0]).containsExactly(BOB, UserId.of("@carol:localhost"));
  }

  @Test
  void tooFewArgumentsAnswersWithTheUsageLine() {
    CommandUsageException e = (CommandUsageException) catchThrowable(() -> parse("mute", "@bob:localhost"));

    assertThat(e.getMessage()).isEqualTo("Missing <duration>. Usage: !mute <user> <duration> [reason...]");
    assertThat(e.reason()).isEqualTo("missing <duration>");
    assertThat(e.usage()).isEqualTo("!mute <user> <duration> [reason...]");
  }

  @Test
  void tooManyArgumentsAnswersWithTheUsageLine() {
    assertThatThrownBy(() -> parse("swap", "@bob:localhost @bob2:localhost @carol:localhost"))
        .isInstanceOf(CommandUsageException.class)
        .hasMessage("Too many arguments. Usage: !swap <first> <second>");
    assertThatThrownBy(() -> parse("ping", "now"))
        .hasMessage("Too many arguments. Usage: !ping");
  }

  @Test
  void badArgumentAnswersWithReasonAndUsage() {
    assertThatThrownBy(() -> CommandParser.parse(sig(Mod.class, "ban"), "bob", MessageParse.of(CONVERTERS)))
        .isInstanceOf(CommandUsageException.class)
        .hasMessage("Not a user id or member: 'bob'. Usage: !ban <user> [reason...]");
    assertThatThrownBy(() -> parse("mute", "@bob:localhost soon"))
        .hasMessageStartingWith("'soon' is not a duration")
        .hasMessageEndingWith("Usage: !mute <user> <duration> [reason...]");
  }

  @Test
  void unmatchedQuoteInAnArgumentIsAUsageError() {
    assertThatThrownBy(() -> parse("poll", "\"Lunch where? pizza"))
        .isInstanceOf(CommandUsageException.class)
        .hasMessageStartingWith("Unmatched \" quote");
  }

  @Test
  void displayNamesResolveAndAmbiguityIsReported() {
    assertThat(parse("swap", "\"Carol Smith\" @bob:localhost")[0]).isEqualTo(UserId.of("@carol:localhost"));
    assertThatThrownBy(() -> parse("ban", "Bob"))
        .hasMessage("'Bob' is ambiguous: @bob:localhost, @bob2:localhost. Usage: !ban <user> [reason...]");
    assertThatThrownBy(() -> parse("ban", "Dave"))
        .hasMessage("No member named 'Dave'. Usage: !ban <user> [reason...]");
  }

  @Test
  void pillWithSpacesInItsTextIsOneArgument() {
    List<Pill> pills = Mentions.pillTargets(
        "<a href=\"https://matrix.to/#/@carol:localhost\">Carol Smith</a> "
            + "<a href=\"https://matrix.to/#/@bob2:localhost\">Bob</a> being rude");

    Object[] args = parse("swap", "Carol Smith Bob", pills);

    assertThat(args).containsExactly(UserId.of("@carol:localhost"), UserId.of("@bob2:localhost"));
  }

  @Test
  void pillThenRestKeepsTheReason() {
    List<Pill> pills = List.of(new Pill(UserId.of("@bob2:localhost"), "Bob"));

    assertThat(parse("ban", "Bob being  rude", pills)).containsExactly(null, UserId.of("@bob2:localhost"), "being  rude");
  }

  @Test
  void pillTextOnlyMatchesAWholeWord() {
    List<Pill> pills = List.of(new Pill(UserId.of("@bob2:localhost"), "Bob"));

    assertThatThrownBy(() -> parse("ban", "Bobby", pills)).hasMessageStartingWith("No member named 'Bobby'");
  }

  @Test
  void zeroWidthLookAlikeOfAnIdIsRefused() {
    assertThatThrownBy(() -> parse("ban", "@admin\u200b:localhost"))
        .hasMessageStartingWith("'@admin\\u200B:localhost' contains invisible or control characters");
    assertThatThrownBy(() -> parse("ban", "@\u0430dmin:localhost"))
        .hasMessageStartingWith("Not a valid user id (it has non-ASCII characters)");
  }

  @Test
  void hundredKilobytesOfInputOnlyEverFailsAsUsage() {
    String words = "word ".repeat(20_000);
    String oneToken = "x".repeat(100_000);
    String quotes = "\"".repeat(100_001);
    String spaces = " ".repeat(100_000);
    String mixed = "\"a\" 'b' \\ \u200b \u202e ".repeat(7_000);

    for (String method : List.of("ban", "mute", "roll", "poll", "swap", "kick", "limit", "retry", "echo", "ping")) {
      for (String input : List.of(words, oneToken, quotes, spaces, mixed, "@bob:localhost " + words)) {
        Throwable thrown = catchThrowable(() -> parse(method, input));
        assertThat(thrown).as(method).satisfiesAnyOf(
            t -> assertThat(t).isNull(),
            t -> assertThat(t).isInstanceOf(CommandUsageException.class));
        if (thrown != null) {
          assertThat(thrown.getMessage()).as(method).hasSizeLessThan(1_000);
        }
      }
    }
  }

  @Test
  void customConverterErrorsBecomeUsageErrors() {
    ArgumentConverters converters = ArgumentConverters.defaults()
        .register(String.class, ArgumentConverter.of(s -> {
          throw new IllegalArgumentException("nope: " + s);
        }));

    assertThatThrownBy(() -> CommandParser.parse(sig(Mod.class, "roll"), "x", MessageParse.of(converters)))
        .isInstanceOf(CommandUsageException.class)
        .hasMessage("Nope: x. Usage: !roll [dice]");
  }
}

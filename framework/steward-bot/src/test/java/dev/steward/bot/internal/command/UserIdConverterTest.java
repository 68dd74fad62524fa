package dev.steward.bot.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.command.ArgumentException;
import dev.steward.bot.command.ParseContext;
import dev.steward.bot.internal.command.Mentions.Pill;
import dev.steward.client.UserId;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserIdConverterTest {
  private final ArgumentConverters converters = ArgumentConverters.defaults();
  private final Directory members = new Directory()
      .with("@admin:localhost", "admin")
      .with("@bob:localhost", "Bob")
      .with("@bob2:localhost", "Bob")
      .with("@carol:localhost", "Carol");

  private UserId convert(String token, ParseContext ctx) {
    return converters.find(UserId.class).orElseThrow().convert(token, ctx);
  }

  private ParseContext withMembers(List<Pill> pills) {
    return MessageParse.of(converters, members, pills);
  }

  @Test
  void acceptsAFullUserId() {
    assertThat(convert("@admin:localhost", ParseContext.of(converters))).isEqualTo(UserId.of("@admin:localhost"));
  }

  @Test
  void rejectsAMalformedId() {
    assertThatThrownBy(() -> convert("@admin:", withMembers(List.of())))
        .isInstanceOf(ArgumentException.class)
        .hasMessage("not a valid user id: '@admin:'");
  }

  @Test
  void cyrillicLookAlikeIdIsRejectedNotLookedUp() {
    assertThatThrownBy(() -> convert("@\u0430dmin:localhost", withMembers(List.of())))
        .hasMessage("not a valid user id (it has non-ASCII characters): '@\u0430dmin:localhost'");
    assertThat(members.lookups).isZero();
  }

  @Test
  void cyrillicLookAlikeDisplayNameFindsNoOne() {
    assertThatThrownBy(() -> convert("\u0430dmin", withMembers(List.of())))
        .hasMessage("no member named '\u0430dmin'");
  }

  @Test
  void zeroWidthCharactersNeverResolve() {
    for (String token : List.of("@admin\u200b:localhost", "adm\u200cin", "admin\u200d", "\u2060admin",
        "\ufeffadmin")) {
      assertThatThrownBy(() -> convert(token, withMembers(List.of())))
          .as(token)
          .hasMessageContaining("contains invisible or control characters");
    }
  }

  @Test
  void bidiControlsAndAsciiControlsNeverResolve() {
    for (String token : List.of("\u202eadmin", "admin\u202a", "\u2066admin\u2069", "admin\u0007", "ad\u007fmin")) {
      assertThatThrownBy(() -> convert(token, withMembers(List.of())))
          .as(token)
          .hasMessageContaining("contains invisible or control characters");
    }
  }

  @Test
  void errorSpellsOutInvisibleCharacters() {
    assertThatThrownBy(() -> convert("@admin\u200b:localhost", withMembers(List.of())))
        .hasMessage("'@admin\\u200B:localhost' contains invisible or control characters");
  }

  @Test
  void uniqueDisplayNameResolves() {
    assertThat(convert("Carol", withMembers(List.of()))).isEqualTo(UserId.of("@carol:localhost"));
  }

  @Test
  void displayNameTypedWithAtSignResolves() {
    assertThat(convert("@Carol", withMembers(List.of()))).isEqualTo(UserId.of("@carol:localhost"));
  }

  @Test
  void unknownDisplayNameIsAnError() {
    assertThatThrownBy(() -> convert("dave", withMembers(List.of()))).hasMessage("no member named 'dave'");
  }

  @Test
  void ambiguousDisplayNameListsCandidatesAndPicksNone() {
    assertThatThrownBy(() -> convert("Bob", withMembers(List.of())))
        .hasMessage("'Bob' is ambiguous: @bob:localhost, @bob2:localhost");
  }

  @Test
  void withoutDirectoryANameIsNotResolvable() {
    assertThatThrownBy(() -> convert("Carol", ParseContext.of(converters)))
        .hasMessage("Not a user id or member: 'Carol'");
  }

  @Test
  void pillTextResolvesToThePillTargetEvenWhenTheNameIsAmbiguous() {
    ParseContext ctx = withMembers(List.of(new Pill(UserId.of("@bob2:localhost"), "Bob")));

    assertThat(convert("Bob", ctx)).isEqualTo(UserId.of("@bob2:localhost"));
  }

  @Test
  void samePillTextTwiceResolvesInOrder() {
    ParseContext ctx = withMembers(List.of(
        new Pill(UserId.of("@bob2:localhost"), "Bob"), new Pill(UserId.of("@bob:localhost"), "Bob")));

    assertThat(convert("Bob", ctx)).isEqualTo(UserId.of("@bob2:localhost"));
    assertThat(convert("Bob", ctx)).isEqualTo(UserId.of("@bob:localhost"));
  }

  @Test
  void pillTextWithZeroWidthCharacterNeverResolves() {
    ParseContext ctx = withMembers(List.of(new Pill(UserId.of("@evil:localhost"), "admin\u200b")));

    assertThatThrownBy(() -> convert("admin\u200b", ctx)).hasMessageContaining("invisible");
  }

  @Test
  void idShapedTokenIsTakenLiterallyNotFromAPillShowingIt() {
    ParseContext ctx = withMembers(List.of(new Pill(UserId.of("@evil:localhost"), "@admin:localhost")));

    assertThat(convert("@admin:localhost", ctx)).isEqualTo(UserId.of("@admin:localhost"));
  }

  @Test
  void hugeTokenIsRefusedWithoutAskingTheDirectory() {
    String huge = "n".repeat(100_000);

    assertThatThrownBy(() -> convert(huge, withMembers(List.of()))).hasMessageStartingWith("no member named 'nnn");
    assertThat(members.lookups).isZero();
  }
}

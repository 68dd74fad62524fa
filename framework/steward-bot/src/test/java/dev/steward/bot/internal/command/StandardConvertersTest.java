package dev.steward.bot.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.command.ArgumentConverter;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.command.ArgumentException;
import dev.steward.bot.command.ParseContext;
import dev.steward.bot.command.RoomRef;
import dev.steward.client.RoomAlias;
import dev.steward.client.RoomId;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StandardConvertersTest {
  private final ArgumentConverters converters = ArgumentConverters.defaults();
  private final ParseContext ctx = ParseContext.of(converters);

  enum Colour { RED, DARK_BLUE }

  private <T> T convert(Class<T> type, String token) {
    return converters.find(type).orElseThrow().convert(token, ctx);
  }

  @Test
  void stringIsTheTokenItself() {
    assertThat(convert(String.class, "héllo wörld")).isEqualTo("héllo wörld");
  }

  @Test
  void intAcceptsDecimalWithOptionalSign() {
    assertThat(convert(Integer.class, "42")).isEqualTo(42);
    assertThat(convert(int.class, "-7")).isEqualTo(-7);
    assertThat(convert(Integer.class, "+2147483647")).isEqualTo(Integer.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1.5", "", "0x10", "1_000", "١٢", "12 ", "--1"})
  void intRejectsWhatIsNotADecimalNumber(String token) {
    assertThatThrownBy(() -> convert(Integer.class, token))
        .isInstanceOf(ArgumentException.class)
        .hasMessageContaining("is not a whole number");
  }

  @Test
  void intAndLongReportRange() {
    assertThatThrownBy(() -> convert(Integer.class, "2147483648"))
        .hasMessageContaining("'2147483648' is out of range (-2147483648 to 2147483647)");
    assertThat(convert(Long.class, "2147483648")).isEqualTo(2_147_483_648L);
    assertThat(convert(long.class, "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> convert(Long.class, "9".repeat(300))).hasMessageContaining("out of range");
  }

  @Test
  void doubleAcceptsPlainDecimals() {
    assertThat(convert(Double.class, "2.5")).isEqualTo(2.5);
    assertThat(convert(double.class, "-.5")).isEqualTo(-0.5);
    assertThat(convert(Double.class, "1e3")).isEqualTo(1000.0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "0x1p3", "1.5d", "one", "1e999"})
  void doubleRejectsSpecialFormsAndOverflow(String token) {
    assertThatThrownBy(() -> convert(Double.class, token)).isInstanceOf(ArgumentException.class);
  }

  @Test
  void booleanAcceptsThreePairsInAnyCase() {
    assertThat(convert(Boolean.class, "TRUE")).isTrue();
    assertThat(convert(boolean.class, "yes")).isTrue();
    assertThat(convert(Boolean.class, "On")).isTrue();
    assertThat(convert(Boolean.class, "false")).isFalse();
    assertThat(convert(Boolean.class, "NO")).isFalse();
    assertThat(convert(Boolean.class, "off")).isFalse();
    assertThatThrownBy(() -> convert(Boolean.class, "maybe"))
        .hasMessage("'maybe' is not yes or no (true/false, yes/no, on/off)");
  }

  @Test
  void enumMatchesNameIgnoringCaseAndDashes() {
    assertThat(convert(Colour.class, "red")).isEqualTo(Colour.RED);
    assertThat(convert(Colour.class, "Dark-Blue")).isEqualTo(Colour.DARK_BLUE);
    assertThat(convert(Colour.class, "dark_blue")).isEqualTo(Colour.DARK_BLUE);
  }

  @Test
  void enumErrorListsAllowedValuesInLowerCase() {
    assertThatThrownBy(() -> convert(Colour.class, "green"))
        .hasMessage("'green' is not one of: red, dark_blue");
  }

  @Test
  void enumIgnoresUnicodeCaseFoldingTricks() {
    assertThatThrownBy(() -> convert(Colour.class, "dar\u212A-blue")).isInstanceOf(ArgumentException.class);
  }

  // The grammar itself is DurationsTest's; here, that commands read it and keep their own range.
  @Test
  void durationReadsTheSharedSyntax() {
    assertThat(convert(Duration.class, "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(convert(Duration.class, "1w")).isEqualTo(Duration.ofDays(7));
    assertThat(convert(Duration.class, "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(convert(Duration.class, "P1DT2H")).isEqualTo(Duration.ofHours(26));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "1h 30m", "-5m", "tomorrow", ""})
  void durationRejectsOtherForms(String token) {
    assertThatThrownBy(() -> convert(Duration.class, token))
        .isInstanceOf(ArgumentException.class)
        .hasMessage("'" + token + "' is not a duration (e.g. 500ms, 90s, 10m, 1h30m, 2d, 1w or PT10M)");
  }

  @Test
  void durationMustBePositive() {
    assertThatThrownBy(() -> convert(Duration.class, "0s")).hasMessageContaining("not a positive duration");
    assertThatThrownBy(() -> convert(Duration.class, "PT-10M")).hasMessageContaining("not a positive duration");
  }

  @Test
  void durationRejectsMoreThanAHundredYears() {
    assertThat(convert(Duration.class, "5200w")).isEqualTo(Duration.ofDays(36_400));
    assertThatThrownBy(() -> convert(Duration.class, "36526d")).hasMessageContaining("longer than 100 years");
    assertThatThrownBy(() -> convert(Duration.class, "999999999999999999w"))
        .hasMessageContaining("longer than 100 years");
    assertThatThrownBy(() -> convert(Duration.class, "P99999999D")).hasMessageContaining("longer than 100 years");
  }

  @Test
  void roomIdAliasAndRefParse() {
    assertThat(convert(RoomId.class, "!abc:example.org")).isEqualTo(RoomId.of("!abc:example.org"));
    assertThat(convert(RoomAlias.class, "#lobby:example.org")).isEqualTo(RoomAlias.of("#lobby:example.org"));
    assertThat(convert(RoomRef.class, "!abc:example.org"))
        .isEqualTo(new RoomRef.Id(RoomId.of("!abc:example.org")));
    assertThat(convert(RoomRef.class, "#lobby:example.org"))
        .isEqualTo(new RoomRef.Alias(RoomAlias.of("#lobby:example.org")));
  }

  @Test
  void roomTypesRejectWrongShapes() {
    assertThatThrownBy(() -> convert(RoomId.class, "#lobby:example.org")).hasMessage("not a room id: '#lobby:example.org'");
    assertThatThrownBy(() -> convert(RoomAlias.class, "#lobby")).hasMessage("not a room alias: '#lobby'");
    assertThatThrownBy(() -> convert(RoomRef.class, "lobby")).hasMessage("not a room id or alias: 'lobby'");
  }

  @Test
  void errorsQuoteLongInputShortened() {
    String huge = "x".repeat(100_000);

    assertThatThrownBy(() -> convert(Integer.class, huge))
        .hasMessage("'" + "x".repeat(Text.MAX_QUOTED) + "…' is not a whole number");
  }

  record Ticket(int number) {}

  @Test
  void registersConvertersForOwnTypes() {
    converters.register(Ticket.class, ArgumentConverter.of(t -> new Ticket(Integer.parseInt(t.replace("#", "")))));

    assertThat(converters.supports(Ticket.class)).isTrue();
    assertThat(convert(Ticket.class, "#12")).isEqualTo(new Ticket(12));
  }

  @Test
  void registeringAPrimitiveAlsoCoversItsBox() {
    converters.register(int.class, (token, c) -> 99);

    assertThat(convert(Integer.class, "1")).isEqualTo(99);
  }

  @Test
  void unknownTypesAreNotSupported() {
    assertThat(converters.supports(Thread.class)).isFalse();
  }
}

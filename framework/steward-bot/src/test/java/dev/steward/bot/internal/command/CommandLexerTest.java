package dev.steward.bot.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.command.ArgumentException;
import dev.steward.bot.internal.command.CommandLexer.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLexerTest {
  private static List<String> texts(String input) {
    return CommandLexer.tokenize(input).stream().map(Token::text).toList();
  }

  @Test
  void splitsOnAnyUnicodeWhiteSpace() {
    assertThat(texts("a  b\tc\nd\u00a0e\u2003f\u3000g")).containsExactly("a", "b", "c", "d", "e", "f", "g");
  }

  @Test
  void emptyAndBlankInputHaveNoTokens() {
    assertThat(texts("")).isEmpty();
    assertThat(texts(" \t\n ")).isEmpty();
  }

  @Test
  void doubleAndSingleQuotesGroupWords() {
    assertThat(texts("\"hello world\" 'it is'  x")).containsExactly("hello world", "it is", "x");
  }

  @Test
  void emptyQuotesAreAnEmptyToken() {
    assertThat(texts("a \"\" b")).containsExactly("a", "", "b");
  }

  @Test
  void backslashEscapesQuoteAndBackslashInsideQuotes() {
    assertThat(texts("\"say \\\"hi\\\"\" 'it\\'s' \"C:\\\\dir\"")).containsExactly("say \"hi\"", "it's", "C:\\dir");
  }

  @Test
  void backslashBeforeOtherCharactersIsKept() {
    assertThat(texts("\"a\\nb\" c\\d")).containsExactly("a\\nb", "c\\d");
  }

  @Test
  void quoteInsideAWordIsAPlainCharacter() {
    assertThat(texts("don't say \"no\"")).containsExactly("don't", "say", "no");
  }

  @Test
  void textTouchingAClosingQuoteJoinsTheToken() {
    assertThat(texts("\"a b\"c d")).containsExactly("a bc", "d");
  }

  @Test
  void otherQuoteKindInsideQuotesIsPlain() {
    assertThat(texts("\"it's\" 'say \"x\"'")).containsExactly("it's", "say \"x\"");
  }

  @Test
  void unmatchedQuoteIsAnError() {
    assertThatThrownBy(() -> CommandLexer.tokenize("a \"b c"))
        .isInstanceOf(ArgumentException.class)
        .hasMessageContaining("unmatched \" quote");
    assertThatThrownBy(() -> CommandLexer.tokenize("'abc\\'"))
        .isInstanceOf(ArgumentException.class)
        .hasMessageContaining("unmatched ' quote");
  }

  @Test
  void tokensCarryTheirOffsetsInTheOriginal() {
    String input = "  one \"two three\"   four";
    List<Token> tokens = CommandLexer.tokenize(input);

    assertThat(tokens).extracting(Token::start).containsExactly(2, 6, 20);
    assertThat(tokens).extracting(Token::end).containsExactly(5, 17, 24);
    assertThat(input.substring(tokens.get(1).start(), tokens.get(1).end())).isEqualTo("\"two three\"");
  }

  @Test
  void restIsTheOriginalRemainingTextWithInnerSpacingKept() {
    CommandLexer lexer = new CommandLexer(" @bob:x   spamming  \"links\"   and   'stuff \n");

    assertThat(lexer.next()).map(Token::text).contains("@bob:x");
    assertThat(lexer.rest()).isEqualTo("spamming  \"links\"   and   'stuff");
    assertThat(lexer.next()).isEmpty();
    assertThat(lexer.rest()).isEmpty();
  }

  @Test
  void lexesHundredKilobytesOfWordsAndQuotes() {
    String input = "word \"quoted phrase\" ".repeat(5_000);

    assertThat(CommandLexer.tokenize(input)).hasSize(10_000);
  }
}

package dev.steward.bot.internal.command;

import dev.steward.bot.command.ArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Splits the text after a command name into tokens, one at a time, keeping each token's offsets so that the
 * rest of the line can be taken verbatim.
 *
 * <p>Tokens are separated by any Unicode white space. A token that starts with {@code "} or {@code '} runs to
 * the matching quote and may hold spaces; inside it a backslash escapes that quote or a backslash. Quotes inside
 * a word are plain characters, so {@code don't} is one token. Lexing is lazy on purpose: a free-text reason
 * taken as the rest of the line is never tokenised, so an apostrophe in it cannot be an "unmatched quote".
 */
public final class CommandLexer {
  private final String input;
  private int pos;

  /**
   * A token and where it was in the input.
   *
   * @param text the token with quotes removed and escapes applied
   * @param start offset of its first character (the opening quote, if quoted) in the input
   * @param end offset just after its last character
   */
  public record Token(String text, int start, int end) {
    /** Requires text. */
    public Token {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A lexer positioned at the start of {@code input}. */
  public CommandLexer(String input) {
    this.input = Objects.requireNonNull(input, "input");
  }

  /** Every token of {@code input}; throws {@link ArgumentException} on an unmatched quote. */
  public static List<Token> tokenize(String input) {
    CommandLexer lexer = new CommandLexer(input);
    List<Token> tokens = new ArrayList<>();
    for (Optional<Token> t = lexer.next(); t.isPresent(); t = lexer.next()) {
      tokens.add(t.get());
    }
    return tokens;
  }

  /** The next token, or empty at the end; throws {@link ArgumentException} on an unmatched quote. */
  public Optional<Token> next() {
    pos = Text.skipSpace(input, pos);
    if (pos >= input.length()) {
      return Optional.empty();
    }
    int start = pos;
    StringBuilder text = new StringBuilder();
    char first = input.charAt(pos);
    if (first == '"' || first == '\'') {
      pos = readQuoted(first, text);
    }
    // Whatever touches a closing quote belongs to the same token, as in a shell: "a b"c is one token.
    while (pos < input.length() && !Text.isSpace(input.charAt(pos))) {
      text.append(input.charAt(pos++));
    }
    return Optional.of(new Token(text.toString(), start, pos));
  }

  private int readQuoted(char quote, StringBuilder text) {
    int i = pos + 1;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c == '\\' && i + 1 < input.length() && (input.charAt(i + 1) == quote || input.charAt(i + 1) == '\\')) {
        text.append(input.charAt(i + 1));
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        text.append(c);
        i++;
      }
    }
    throw new ArgumentException("unmatched " + quote + " quote at character " + (pos + 1));
  }

  /**
   * The rest of the input exactly as typed, without the white space around it, and moves to the end.
   * Empty when nothing is left.
   */
  public String rest() {
    int start = Text.skipSpace(input, pos);
    pos = input.length();
    return input.substring(start, Text.trimEnd(input, start));
  }

  /** The offset of the next unread character. */
  public int position() {
    return pos;
  }

  /** Offset of the next token's first character once white space is skipped (the input length at the end). */
  int peekStart() {
    return Text.skipSpace(input, pos);
  }

  /** Takes {@code length} characters from {@link #peekStart()} as one token, regardless of quotes. */
  Token take(int length) {
    int start = peekStart();
    pos = start + length;
    return new Token(input.substring(start, pos), start, pos);
  }

  String input() {
    return input;
  }
}

package dev.steward.bot.command;

import java.util.Objects;
import java.util.function.Function;

/**
 * Turns one command token into a value of type {@code T}, throwing {@link ArgumentException} for bad input.
 *
 * @param <T> the Java parameter type produced
 */
@FunctionalInterface
public interface ArgumentConverter<T> {
  /**
   * Converts a token (already unquoted) to a value, never null.
   *
   * @param token the token text as typed, without surrounding quotes
   * @param context the message being parsed: member directory, mention pills, converters
   * @throws IllegalArgumentException (preferably {@link ArgumentException}) with a message for the user
   */
  T convert(String token, ParseContext context);

  /** Adapts a plain parse function such as {@code Locale::forLanguageTag} that needs no context. */
  static <T> ArgumentConverter<T> of(Function<String, T> parse) {
    Objects.requireNonNull(parse, "parse");
    return (token, context) -> parse.apply(token);
  }
}

package dev.steward.bot.internal.command;

import dev.steward.bot.command.ArgumentConverter;
import dev.steward.bot.command.ArgumentException;
import dev.steward.bot.command.ParseContext;
import dev.steward.client.UserId;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the text after a command name into the argument array for its handler method.
 */
public final class CommandParser {
  private CommandParser() {}

  /**
   * Parses {@code argsText} against a signature.
   *
   * @param sig the command
   * @param argsText everything after the command name, as typed
   * @param ctx converters, member directory and pills of this message
   * @return one slot per method parameter; injected slots are null for the dispatcher to fill
   * @throws CommandUsageException with a short reason and the usage line when the text does not fit
   */
  public static Object[] parse(CommandSignature sig, String argsText, MessageParse ctx) {
    Objects.requireNonNull(sig, "sig");
    Objects.requireNonNull(argsText, "argsText");
    Objects.requireNonNull(ctx, "ctx");
    Object[] values = new Object[sig.parameters().size()];
    CommandLexer lexer = new CommandLexer(argsText);
    try {
      for (CommandParameter p : sig.parameters()) {
        switch (p.kind()) {
          case INJECTED -> { }
          case REST -> values[p.index()] = rest(p, lexer, ctx);
          case VARARGS -> values[p.index()] = remaining(p, lexer, ctx);
          case ARGUMENT -> values[p.index()] = single(p, lexer, ctx);
          default -> throw new IllegalStateException("unknown kind " + p.kind());
        }
      }
      if (next(lexer, null, ctx).isPresent()) {
        throw new ArgumentException("too many arguments");
      }
    } catch (IllegalArgumentException e) {
      // Converters written by bot authors may throw any IllegalArgumentException (NumberFormatException,
      // Enum.valueOf…); to the user each is a bad argument, answered with the usage line.
      throw new CommandUsageException(e.getMessage() == null ? "invalid argument" : e.getMessage(), sig.usage());
    }
    return values;
  }

  private static Object single(CommandParameter p, CommandLexer lexer, MessageParse ctx) {
    Optional<String> token = next(lexer, p.valueType(), ctx);
    if (token.isEmpty()) {
      return absent(p, ctx);
    }
    Object value = convert(p, token.get(), ctx);
    return p.isOptionalType() ? Optional.of(value) : value;
  }

  private static Object rest(CommandParameter p, CommandLexer lexer, MessageParse ctx) {
    String rest = lexer.rest();
    return rest.isEmpty() ? absent(p, ctx) : rest;
  }

  private static Object remaining(CommandParameter p, CommandLexer lexer, MessageParse ctx) {
    List<Object> items = new ArrayList<>();
    for (Optional<String> t = next(lexer, p.valueType(), ctx); t.isPresent(); t = next(lexer, p.valueType(), ctx)) {
      items.add(convert(p, t.get(), ctx));
    }
    if (items.isEmpty() && !p.optional()) {
      throw new ArgumentException("missing " + p.usage());
    }
    if (p.isListType()) {
      return Collections.unmodifiableList(items);
    }
    Object array = Array.newInstance(p.valueType(), items.size());
    for (int i = 0; i < items.size(); i++) {
      Array.set(array, i, items.get(i));
    }
    return array;
  }

  private static Object absent(CommandParameter p, MessageParse ctx) {
    if (!p.optional()) {
      throw new ArgumentException("missing " + p.usage());
    }
    if (p.defaultValue() == null) {
      return p.isOptionalType() ? Optional.empty() : null;
    }
    Object value = convert(p, p.defaultValue(), ctx);
    return p.isOptionalType() ? Optional.of(value) : value;
  }

  /**
   * The next token; for a user argument, an unused pill's text at this point counts as one token even with
   * spaces in it, since clients put the display name ("Bob Smith") in the plain body.
   */
  private static Optional<String> next(CommandLexer lexer, Class<?> valueType, MessageParse ctx) {
    if (valueType == UserId.class && !ctx.pills().isEmpty()) {
      int length = ctx.pillTextAt(lexer.input(), lexer.peekStart());
      if (length > 0) {
        return Optional.of(lexer.take(length).text());
      }
    }
    return lexer.next().map(CommandLexer.Token::text);
  }

  private static Object convert(CommandParameter p, String token, MessageParse ctx) {
    ArgumentConverter<?> converter = ctx.converters().find(p.valueType()).orElseThrow(() ->
        new IllegalStateException("no converter for " + p.valueType().getName() + " in this ParseContext"));
    Object value = converter.convert(token, ctx);
    if (value == null) {
      throw new IllegalStateException("converter for " + p.valueType().getName() + " returned null");
    }
    return value;
  }
}

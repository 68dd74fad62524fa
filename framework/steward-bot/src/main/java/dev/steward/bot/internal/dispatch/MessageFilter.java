package dev.steward.bot.internal.dispatch;

import dev.steward.bot.annotation.OnMessage;
import dev.steward.bot.event.MessageEvent;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The conditions of one {@code @OnMessage} handler, read from its annotation once at registration: an annotation's
 * array attributes are copied on every read, which for a handler that sees every message is a cost per message.
 *
 * @param msgtypes the msgtypes it takes, or empty for all
 * @param rooms the room ids it takes, or empty for all
 * @param pattern what the body must contain, or null for any body
 */
record MessageFilter(Set<String> msgtypes, Set<String> rooms, Pattern pattern) implements Predicate<MessageEvent> {
  /** Reads {@code a}; throws {@link IllegalArgumentException} naming a bad regex. */
  static MessageFilter of(OnMessage a) {
    Pattern pattern;
    try {
      pattern = a.value().isEmpty() ? null : Pattern.compile(a.value());
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("bad regex: " + e.getMessage(), e);
    }
    return new MessageFilter(Set.copyOf(Arrays.asList(a.msgtypes())), Set.copyOf(Arrays.asList(a.rooms())), pattern);
  }

  @Override
  public boolean test(MessageEvent msg) {
    return (msgtypes.isEmpty() || msgtypes.contains(msg.msgtype()))
        && (rooms.isEmpty() || rooms.contains(msg.room().value()))
        && (pattern == null || pattern.matcher(msg.body()).find());
  }
}

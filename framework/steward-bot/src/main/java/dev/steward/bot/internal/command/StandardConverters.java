package dev.steward.bot.internal.command;

import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.command.ArgumentException;
import dev.steward.bot.command.RoomRef;
import dev.steward.bot.config.Durations;
import dev.steward.client.RoomAlias;
import dev.steward.client.RoomId;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The converters every registry starts with, apart from user ids (see {@link UserIdConverter}). */
public final class StandardConverters {
  // ASCII digits only: Integer.parseInt would also take Arabic-Indic or full-width digits.
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final int MAX_NUMBER_LENGTH = 400;
  static final Duration MAX_DURATION = Duration.ofDays(36_525);

  private StandardConverters() {}

  public static void registerAll(ArgumentConverters registry) {
    registry.register(String.class, (token, ctx) -> token);
    registry.register(Integer.class, (token, ctx) -> (int) integer(token, Integer.MIN_VALUE, Integer.MAX_VALUE));
    registry.register(Long.class, (token, ctx) -> integer(token, Long.MIN_VALUE, Long.MAX_VALUE));
    registry.register(Double.class, (token, ctx) -> decimal(token));
    registry.register(Boolean.class, (token, ctx) -> bool(token));
    registry.register(Duration.class, (token, ctx) -> duration(token));
    registry.register(RoomId.class, (token, ctx) -> id(token, "room id", RoomId::of));
    registry.register(RoomAlias.class, (token, ctx) -> id(token, "room alias", RoomAlias::of));
    registry.register(RoomRef.class, (token, ctx) -> id(token, "room id or alias", RoomRef::of));
    registry.register(dev.steward.client.UserId.class, UserIdConverter::convert);
  }

  static long integer(String token, long min, long max) {
    if (token.length() > MAX_NUMBER_LENGTH || !INTEGER.matcher(token).matches()) {
      throw new ArgumentException(Text.quote(token) + " is not a whole number");
    }
    try {
      long value = Long.parseLong(token);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // digits and sign are fine, so the only failure left is the range: reported below
    }
    throw new ArgumentException(Text.quote(token) + " is out of range (" + min + " to " + max + ")");
  }

  static double decimal(String token) {
    // Double.parseDouble also takes "NaN", "Infinity", hex floats and a trailing 'd'; none is a user's number.
    if (token.length() > MAX_NUMBER_LENGTH || !DECIMAL.matcher(token).matches()) {
      throw new ArgumentException(Text.quote(token) + " is not a number");
    }
    double value = Double.parseDouble(token);
    if (Double.isInfinite(value)) {
      throw new ArgumentException(Text.quote(token) + " is out of range");
    }
    return value;
  }

  static boolean bool(String token) {
    switch (Text.lower(token)) {
      case "true", "yes", "on": return true;
      case "false", "no", "off": return false;
      default: throw new ArgumentException(Text.quote(token) + " is not yes or no (true/false, yes/no, on/off)");
    }
  }

  public static <E extends Enum<E>> E enumValue(Class<E> type, String token) {
    String wanted = token.replace('-', '_');
    // ASCII only, so that 'ſ' or the Kelvin sign cannot case-fold into a constant's name.
    if (Text.isAscii(wanted)) {
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equalsIgnoreCase(wanted)) {
          return constant;
        }
      }
    }
    String allowed = Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
    throw new ArgumentException(Text.quote(token) + " is not one of: " + allowed);
  }

  /** The shared syntax of {@link Durations}; a command's duration is positive and at most 100 years. */
  static Duration duration(String token) {
    Duration d;
    try {
      d = Durations.parse(token);
    } catch (IllegalArgumentException e) {
      throw new ArgumentException(Text.quote(token) + " is not a duration (e.g. " + Durations.EXAMPLES + ")");
    } catch (ArithmeticException e) {
      throw overMaximum(token); // too long for a Duration at all
    }
    if (d.isNegative() || d.isZero()) {
      throw new ArgumentException(Text.quote(token) + " is not a positive duration");
    }
    if (d.compareTo(MAX_DURATION) > 0) {
      throw overMaximum(token);
    }
    return d;
  }

  private static ArgumentException overMaximum(String token) {
    return new ArgumentException(Text.quote(token) + " is longer than 100 years");
  }

  private static <T> T id(String token, String kind, java.util.function.Function<String, T> parse) {
    try {
      return parse.apply(token);
    } catch (IllegalArgumentException e) {
      throw new ArgumentException("not a " + kind + ": " + Text.quote(token));
    }
  }
}

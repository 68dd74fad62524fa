package dev.steward.bot.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of Steward: config values, command arguments and {@code @Scheduled(fixedRate = ...)}.
 *
 * <p>A duration is written either
 * <ul>
 *   <li>compactly, as one or more whole numbers each followed by a unit, largest unit first, each unit at most once,
 *       no spaces: {@code ms} (milliseconds), {@code s}, {@code m} (minutes), {@code h}, {@code d} (24 hours),
 *       {@code w} (7 days); units in any case. Examples: {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h30m},
 *       {@code 2d}, {@code 1w}, {@code 1d12h};</li>
 *   <li>or in ISO-8601, as {@link Duration#parse} reads it, starting with {@code P}: {@code PT10M},
 *       {@code P1DT2H}, {@code PT0.5S}.</li>
 * </ul>
 * At most {@value #MAX_LENGTH} characters. The compact form cannot be negative; the ISO form can
 * ({@code PT-10M}). Which range is allowed, whether zero or a negative value makes sense and how long is too long,
 * is each caller's to decide: a config value may be {@code 0s}, a command's duration must be positive, a fixed rate
 * at least a second.
 */
public final class Durations {
  /** The longest text {@link #parse} reads; no sensible duration needs more, and a long one is quoted back. */
  public static final int MAX_LENGTH = 64;
  /** The forms in a few words, for messages that say what would have been accepted. */
  public static final String EXAMPLES = "500ms, 90s, 10m, 1h30m, 2d, 1w or PT10M";

  // One group per unit, in the only order allowed; "ms" before "m" and "s" so that 500ms is not 500 minutes and s.
  private static final Pattern COMPACT = Pattern.compile(
      "(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m(?!s))?(?:([0-9]+)s)?(?:([0-9]+)ms)?",
      Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /**
   * Reads {@code text} in the syntax above; leading or trailing spaces are not part of it.
   *
   * @throws IllegalArgumentException when the text is not a duration; the message says what is accepted without
   *     repeating the text, so each caller can quote user input its own way
   * @throws ArithmeticException when the text is a duration, but too long for {@link Duration} (hundreds of
   *     billions of years); a caller with a maximum reports it as over that maximum
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters, so not a duration");
    }
    if (!text.isEmpty() && (text.charAt(0) == 'P' || text.charAt(0) == 'p')) {
      return iso(text);
    }
    Matcher m = COMPACT.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw notADuration();
    }
    try {
      Duration total = Duration.ZERO;
      total = total.plusDays(Math.multiplyExact(amount(m, 1), 7L));
      total = total.plusDays(amount(m, 2));
      total = total.plusHours(amount(m, 3));
      total = total.plusMinutes(amount(m, 4));
      total = total.plusSeconds(amount(m, 5));
      return total.plusMillis(amount(m, 6));
    } catch (ArithmeticException | NumberFormatException e) {
      throw tooLong(); // only digits were matched, so a number too large for a long, or a sum too large
    }
  }

  /**
   * Writes {@code d} in the compact form {@link #parse} reads back, for people: {@code 5s}, {@code 1h30m},
   * {@code 2d}, {@code 1w}, {@code 0s}; below a millisecond and negative durations in ISO-8601.
   */
  public static String format(Duration d) {
    Objects.requireNonNull(d, "d");
    if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
      return d.toString();
    }
    if (d.isZero()) {
      return "0s";
    }
    long days = d.toDays();
    long[] amounts = {days / 7, days % 7, d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart(), d.toMillisPart()};
    String[] units = {"w", "d", "h", "m", "s", "ms"};
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < amounts.length; i++) {
      if (amounts[i] != 0) {
        out.append(amounts[i]).append(units[i]);
      }
    }
    return out.toString();
  }

  private static Duration iso(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      // Duration.parse reports a number too large as a parse error caused by the overflow.
      if (e.getCause() instanceof ArithmeticException || e.getCause() instanceof NumberFormatException) {
        throw tooLong();
      }
      throw notADuration();
    }
  }

  private static long amount(Matcher m, int group) {
    String digits = m.group(group);
    return digits == null ? 0 : Long.parseLong(digits);
  }

  private static IllegalArgumentException notADuration() {
    return new IllegalArgumentException("not a duration; write e.g. " + EXAMPLES);
  }

  private static ArithmeticException tooLong() {
    return new ArithmeticException("too long a duration");
  }
}

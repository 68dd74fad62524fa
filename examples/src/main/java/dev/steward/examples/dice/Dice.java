package dev.steward.examples.dice;

import dev.steward.bot.command.ArgumentException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dice in the usual notation: {@code 2d6} is two six-sided dice, {@code d20} one twenty-sided die. A command
 * argument type of its own, converted by {@link #parse}.
 *
 * @param count how many dice, 1 to 100
 * @param sides faces per die, 2 to 1000
 */
public record Dice(int count, int sides) {
  private static final Pattern NOTATION = Pattern.compile("(\\d{0,3})[dD](\\d{1,4})");

  /** Checks the bounds, so a roll is always small enough to print. */
  public Dice {
    if (count < 1 || count > 100) {
      throw new ArgumentException("Between 1 and 100 dice, not " + count);
    }
    if (sides < 2 || sides > 1000) {
      throw new ArgumentException("A die has 2 to 1000 sides, not " + sides);
    }
  }

  /** Reads {@code 2d6} or {@code d20}; anything else is refused with a message for the user. */
  public static Dice parse(String text) {
    Matcher m = NOTATION.matcher(text);
    if (!m.matches()) {
      throw new ArgumentException("Not dice: '" + text + "' (write them like 2d6 or d20)");
    }
    return new Dice(m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The dice as they are written in chat, e.g. {@code 2d6}. */
  @Override
  public String toString() {
    return count + "d" + sides;
  }
}

package dev.steward.bot.command;

/**
 * Thrown by an {@link ArgumentConverter} when a token is not a valid value; the message is shown to the user.
 */
public class ArgumentException extends IllegalArgumentException {
  /** Creates the exception with a short message for the user, e.g. {@code 'x' is not a whole number}. */
  public ArgumentException(String message) {
    super(message);
  }
}

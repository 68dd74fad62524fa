package dev.steward.bot.config;

/** A value of the wrong shape; carries the message for a {@link ConfigProblem}, never escapes this package. */
final class BadValue extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadValue(String message) {
    // No stack trace: this is an expected outcome of reading a file, caught one frame up.
    super(message, null, false, false);
  }
}

package dev.steward.bot.internal.command;

import java.util.Objects;

/**
 * A command line that does not fit its command; the message is a short reason plus the usage line.
 */
public final class CommandUsageException extends RuntimeException {
  /** Reasons come from converters, some written by bot authors; keep the chat reply short. */
  private static final int MAX_REASON = 300;

  private final String reason;
  private final String usage;

  /** Creates the exception from the reason (shown capitalised) and the usage line. */
  public CommandUsageException(String reason, String usage) {
    super(format(Objects.requireNonNull(reason, "reason"), Objects.requireNonNull(usage, "usage")));
    this.reason = reason;
    this.usage = usage;
  }

  /** Why the line was refused, as the converter or parser put it. */
  public String reason() {
    return reason;
  }

  /** The usage line of the command, e.g. {@code !ban <user> [reason...]}. */
  public String usage() {
    return usage;
  }

  private static String format(String reason, String usage) {
    String r = Text.visible(reason.strip(), MAX_REASON);
    if (!r.isEmpty()) {
      r = Character.toUpperCase(r.charAt(0)) + r.substring(1);
    }
    boolean stops = r.endsWith(".") || r.endsWith("!") || r.endsWith("?");
    return r + (stops ? " " : ". ") + "Usage: " + usage;
  }
}

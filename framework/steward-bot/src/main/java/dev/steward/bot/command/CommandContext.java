package dev.steward.bot.command;

import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.MessageEvent;

/**
 * The context of a command: the message that carried it, its name and usage line, plus all of {@link EventContext}.
 * Its transaction ids are scoped to the command, so they never meet those of other handlers of the same message.
 */
public interface CommandContext extends EventContext {
  /** The message that carried the command. */
  MessageEvent message();

  /** The command's name as registered, e.g. {@code !ban}. */
  String command();

  /** The command's usage line, e.g. {@code !ban <user> [reason...]}. */
  String usage();
}

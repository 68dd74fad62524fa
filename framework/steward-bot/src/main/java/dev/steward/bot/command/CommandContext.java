package dev.steward.bot.command;

import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.client.MatrixClient;

/** The context of a command: the message that carried it, its name and usage line, plus all of {@link EventContext}. */
public final class CommandContext extends EventContext {
  private final MessageEvent message;
  private final CommandSignature command;

  public CommandContext(MatrixClient client, MessageEvent message, CommandSignature command, ReplyGuard guard) {
    super(client, message.room(), message.sender(), message.eventId(), guard);
    this.message = message;
    this.command = command;
  }

  /** The message that carried the command. */
  public MessageEvent message() {
    return message;
  }

  /** The command's name as registered, e.g. {@code !ban}. */
  public String command() {
    return command.name();
  }

  /** The command's usage line, e.g. {@code !ban <user> [reason...]}. */
  public String usage() {
    return command.usage();
  }
}

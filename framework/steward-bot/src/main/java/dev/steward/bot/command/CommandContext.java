package dev.steward.bot.command;

import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.client.MatrixClient;
import java.util.Objects;

/**
 * The context of a command: the message that carried it, its name and usage line, plus all of {@link EventContext}.
 * Its transaction ids are scoped to the command, so they never meet those of other handlers of the same message.
 */
public final class CommandContext extends EventContext {
  private final MessageEvent message;
  private final CommandSignature command;
  private final ReplyGuard guard;

  /** The context of {@code command} carried by {@code message}; one per command run. */
  public CommandContext(MatrixClient client, MessageEvent message, CommandSignature command, ReplyGuard guard) {
    this(client, message, command, guard, "command " + command.name());
  }

  private CommandContext(MatrixClient client, MessageEvent message, CommandSignature command, ReplyGuard guard,
                         String scope) {
    super(client, message.room(), message.sender(), message.eventId(), guard, scope);
    this.message = message;
    this.command = command;
    this.guard = guard;
  }

  /** The same command seen by one named handler, still a {@code CommandContext}, with its own transaction ids. */
  @Override
  public CommandContext forHandler(String handler) {
    return new CommandContext(client(), message, command, guard,
        "command " + command.name() + " " + Objects.requireNonNull(handler, "handler"));
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

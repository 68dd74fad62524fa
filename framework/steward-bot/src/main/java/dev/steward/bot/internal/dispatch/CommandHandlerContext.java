package dev.steward.bot.internal.dispatch;

import dev.steward.bot.command.CommandContext;
import dev.steward.bot.internal.command.CommandSignature;
import dev.steward.bot.event.MessageEvent;
import dev.steward.client.MatrixClient;
import java.util.Objects;

/** The runtime's {@link CommandContext}: transaction ids scoped to the command (and the handler, when named). */
final class CommandHandlerContext extends HandlerContext implements CommandContext {
  private final MessageEvent message;
  private final CommandSignature command;

  /** The context of {@code command} carried by {@code message}; one per command run. */
  CommandHandlerContext(MatrixClient client, MessageEvent message, CommandSignature command, SendGuard guard) {
    this(client, message, command, guard, "command " + command.name());
  }

  private CommandHandlerContext(MatrixClient client, MessageEvent message, CommandSignature command,
                                SendGuard guard, String scope) {
    super(client, message.room(), message.sender(), message.eventId(), message, guard, scope);
    this.message = message;
    this.command = command;
  }

  /** The same command seen by one named handler, still a {@code CommandContext}, with its own transaction ids. */
  @Override
  CommandHandlerContext forHandler(String handler) {
    return new CommandHandlerContext(client(), message, command, guard(),
        "command " + command.name() + " " + Objects.requireNonNull(handler, "handler"));
  }

  @Override
  public MessageEvent message() {
    return message;
  }

  @Override
  public String command() {
    return command.name();
  }

  @Override
  public String usage() {
    return command.usage();
  }
}

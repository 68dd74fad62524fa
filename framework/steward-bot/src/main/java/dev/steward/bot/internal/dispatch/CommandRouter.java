package dev.steward.bot.internal.dispatch;

import dev.steward.bot.command.CommandContext;
import dev.steward.bot.internal.command.CommandRegistry;
import dev.steward.bot.internal.command.CommandSignature;
import dev.steward.bot.internal.command.CommandUsageException;
import dev.steward.bot.internal.command.HelpFormatter;
import dev.steward.bot.command.MemberDirectory;
import dev.steward.bot.internal.command.Mentions;
import dev.steward.bot.internal.command.MessageParse;
import dev.steward.bot.event.MessageEvent;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.Reachability;
import dev.steward.client.UserId;
import dev.steward.client.model.Member;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands found in text messages: permission check, argument parsing, the call, and a reply for every way it
 * can go wrong (usage line, refusal, the homeserver's errcode). {@code help} is built in unless a bot defines it.
 */
final class CommandRouter {
  private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);

  private final HandlerRegistry registry;
  private final DispatchSettings settings;
  private final PowerLevelCache powerLevels;
  private final MatrixClient client;
  private final SendGuard guard;
  private final DispatchMetrics metrics;
  private final HelpFormatter help;

  CommandRouter(HandlerRegistry registry, DispatchSettings settings, PowerLevelCache powerLevels,
                MatrixClient client, SendGuard guard, DispatchMetrics metrics) {
    this.metrics = metrics;
    this.registry = registry;
    this.settings = settings;
    this.powerLevels = powerLevels;
    this.client = client;
    this.guard = guard;
    this.help = new HelpFormatter(registry.commands());
  }

  /** Handles {@code msg} if it is a command; returns whether it was one. */
  boolean route(MessageEvent msg) {
    if (!msg.isText()) {
      return false; // notices are what bots send: never take commands from them
    }
    CommandRegistry commands = registry.commands();
    Optional<CommandRegistry.CommandLine> line = commands.split(msg.body());
    if (line.isEmpty()) {
      return false;
    }
    String name = line.get().name();
    Optional<HandlerRegistry.CommandHandler> found = registry.command(name);
    if (found.isEmpty()) {
      if (name.equalsIgnoreCase(commands.prefix() + "help")) {
        new HandlerContext(client, msg.room(), msg.sender(), msg.eventId(), msg, guard, "help")
            .replyMarkdown(help.help(line.get().argsText()));
        return true;
      }
      return false;
    }
    CommandSignature sig = found.get().signature();
    Handler handler = found.get().handler();
    long start = System.nanoTime();
    try (LogContext ignored = LogContext.handler(handler.name())) {
      // Thrown only when the homeserver is away: the command runs again once it is back, and is counted then.
      String outcome = run(msg, line.get(), sig, handler);
      long took = System.nanoTime() - start;
      metrics.command(sig.name(), outcome, msg.room(), msg.sender(), took);
      metrics.handler(handler.name(), took, outcome.equals(DispatchMetrics.FAILED));
      return true;
    }
  }

  /**
   * Checks the sender's power, parses the arguments and runs the handler, answering every failure itself; the
   * outcome, one of {@link DispatchMetrics}'.
   */
  private String run(MessageEvent msg, CommandRegistry.CommandLine line, CommandSignature sig, Handler handler) {
    CommandHandlerContext ctx = new CommandHandlerContext(client, msg, sig, guard);
    // The router's own answers (refusal, usage, failure) number their transaction ids apart from the handler's, so
    // a re-run that takes another path cannot reuse an id of the first run for a different message.
    CommandContext router = ctx.forHandler("router");
    boolean permitted;
    try {
      permitted = permitted(sig, msg);
    } catch (MatrixException e) {
      if (Reachability.isOutage(e)) {
        throw e; // the homeserver is away: the command runs again once it is back
      }
      // Fail closed: without the room's power levels nobody below the owners may run a protected command.
      log.warn("cannot read power levels of {} for {}: {}", msg.room(), sig.name(), e.getMessage());
      router.reply("Cannot check your power level for " + sig.name() + " right now (" + e.errcode() + ").");
      return DispatchMetrics.FAILED;
    }
    if (!permitted) {
      log.info("refused {} from {} in {} (needs power level {})", sig.name(), msg.sender(), msg.room(),
          sig.minPowerLevel());
      if (settings.replyWhenRefused()) {
        router.reply("You need power level " + sig.minPowerLevel() + " in this room to use " + sig.name() + ".");
      }
      return DispatchMetrics.REFUSED;
    }
    Object[] args;
    try {
      MessageParse parse = MessageParse.of(registry.converters(), members(msg),
          Mentions.pillTargets(msg.formattedBody()));
      args = dev.steward.bot.internal.command.CommandParser.parse(sig, line.argsText(), parse);
    } catch (CommandUsageException e) {
      router.reply(e.getMessage());
      return DispatchMetrics.USAGE;
    }
    try {
      handler.invoke(new Invocation(ctx, msg, args));
      return DispatchMetrics.OK;
    } catch (MatrixException e) {
      if (Reachability.isOutage(e)) {
        throw e; // not the command's failure: it runs again once the homeserver is back, and answers then
      }
      log.warn("command {} ({}) failed on {}: {}", sig.name(), handler.name(), msg.eventId(), e.getMessage());
      metrics.failed(handler.name(), e);
      router.reply(sig.name() + " failed: " + (e.errcode() != null ? e.errcode() + " " : "")
          + (e.error() != null ? e.error() : ""));
      return DispatchMetrics.FAILED;
    } catch (Throwable e) {
      if (Reachability.isOutage(e)) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
      }
      log.error("command {} ({}) threw on event {} in {}", sig.name(), handler.name(), msg.eventId(), msg.room(), e);
      metrics.failed(handler.name(), e);
      router.reply(sig.name() + " failed with an internal error; the bot's log has the details.");
      return DispatchMetrics.FAILED;
    }
  }

  private boolean permitted(CommandSignature sig, MessageEvent msg) {
    UserId sender = msg.sender();
    if (sig.minPowerLevel() <= 0 || settings.owners().contains(sender) || sig.allowUsers().contains(sender)) {
      return true;
    }
    return powerLevels.get(msg.room()).userLevel(sender) >= sig.minPowerLevel();
  }

  /** Display-name lookup in the command's room, asked only when an argument is not a user id or pill. */
  private MemberDirectory members(MessageEvent msg) {
    return name -> client.rooms().joinedMembers(msg.room()).values().stream()
        .filter(m -> name.equals(m.displayName())).map(Member::userId).toList();
  }
}

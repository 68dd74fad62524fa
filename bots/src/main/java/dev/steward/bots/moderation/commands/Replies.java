package dev.steward.bots.moderation.commands;

import dev.steward.bot.command.CommandContext;

/** Runs a command body, answering a {@link Usage} problem with its reason and the usage line. */
final class Replies {
  private Replies() {}

  /** Runs {@code body} with the sender's scope when {@code gate} lets them (else it has replied with the refusal). */
  static void run(CommandContext ctx, String usage, Gate gate, java.util.function.Consumer<Gate.Scope> body) {
    run(ctx, usage, () -> gate.check(ctx).ifPresent(body));
  }

  static void run(CommandContext ctx, String usage, Runnable body) {
    try {
      body.run();
    } catch (Usage u) {
      String reason = u.getMessage();
      reason = Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
      ctx.reply(reason + ". Usage: " + usage);
    }
  }
}

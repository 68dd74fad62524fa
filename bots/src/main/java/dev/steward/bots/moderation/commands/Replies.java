package dev.steward.bots.moderation.commands;

import dev.steward.bot.command.CommandContext;

/** Runs a command body, answering a {@link Usage} problem with its reason and the usage line. */
final class Replies {
  private Replies() {}

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

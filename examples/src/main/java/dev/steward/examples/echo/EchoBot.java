package dev.steward.examples.echo;

import dev.steward.bot.annotation.Arg;
import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.CommandContext;

/**
 * The smallest useful bot: repeats what follows {@code !echo}. It does not join rooms by itself: the ready-made
 * {@code autojoin} bot accepts invites from an allow-list, so no bot answers invites from anyone.
 */
@Bot("echo")
public class EchoBot {
  @Command(value = "!echo", help = "Repeat what you say")
  void echo(CommandContext ctx, @Rest @Arg("text") String text) {
    ctx.reply(text);
  }
}

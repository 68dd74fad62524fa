package dev.steward.examples.echo;

import dev.steward.bot.annotation.Arg;
import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnInvite;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.event.InviteEvent;
import dev.steward.client.Rooms;

/** The smallest useful bot: joins when invited and repeats what follows {@code !echo}. */
@Bot("echo")
public class EchoBot {
  @OnInvite
  void join(InviteEvent invite, Rooms rooms) {
    rooms.join(invite.room());
  }

  @Command(value = "!echo", help = "Repeat what you say")
  void echo(CommandContext ctx, @Rest @Arg("text") String text) {
    ctx.reply(text);
  }
}

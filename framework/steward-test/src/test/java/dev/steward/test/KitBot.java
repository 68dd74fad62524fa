package dev.steward.test;

import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnInvite;
import dev.steward.bot.annotation.OnMembership;
import dev.steward.bot.annotation.OnReaction;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.InviteEvent;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.ReactionEvent;
import dev.steward.client.Rooms;
import dev.steward.client.UserId;

/** A bot exercising what the kit fakes: replies, typed arguments, power levels, membership, reactions. */
public class KitBot {
  @OnInvite
  void join(InviteEvent invite, Rooms rooms) {
    rooms.join(invite.room());
  }

  @Command("!ping")
  void ping(CommandContext ctx) {
    ctx.reply("pong");
  }

  @Command("!add")
  void add(CommandContext ctx, int a, int b) {
    ctx.reply(Integer.toString(a + b));
  }

  @Command(value = "!kick", minPowerLevel = 50)
  void kick(CommandContext ctx, UserId user) {
    ctx.membership().kick(user, "asked by " + ctx.sender());
    ctx.react("✅");
  }

  @OnMembership
  void membership(MembershipEvent change, EventContext ctx) {
    if (!change.target().equals(BotTester.BOT)) {
      ctx.send(change.change() + " " + change.target() + " by " + change.sender());
    }
  }

  @OnReaction("👍")
  void thumbs(ReactionEvent reaction, EventContext ctx) {
    ctx.send("thumbs up from " + reaction.sender() + " on " + reaction.target());
  }
}

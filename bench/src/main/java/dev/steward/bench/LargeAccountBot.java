package dev.steward.bench;

import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnMessage;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.event.MessageEvent;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bot of the large-account benchmark: answers {@code !ping N} and, for power level 50 and up, {@code !mod}; notes
 * in which of the fixture's rooms it saw a message (a bit per room, so it adds nothing per room worth measuring).
 */
public final class LargeAccountBot {
  private final BitSet roomsSeen = new BitSet();
  final AtomicInteger commands = new AtomicInteger();

  @Command("!ping")
  void ping(CommandContext ctx, @Rest String n) {
    ctx.reply("pong " + n);
    commands.incrementAndGet();
  }

  @Command(value = "!mod", minPowerLevel = 50)
  void mod(CommandContext ctx) {
    ctx.reply("mod ok in " + ctx.message().room().value());
    commands.incrementAndGet();
  }

  @OnMessage
  void chat(MessageEvent message) {
    String id = message.room().value();
    if (id.startsWith("!big")) {
      int room = Integer.parseInt(id.substring(4, id.indexOf(':')));
      synchronized (roomsSeen) {
        roomsSeen.set(room);
      }
    }
  }

  /** In how many distinct rooms a chat message reached the bot. */
  int roomsSeen() {
    synchronized (roomsSeen) {
      return roomsSeen.cardinality();
    }
  }
}

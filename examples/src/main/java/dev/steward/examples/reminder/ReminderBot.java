package dev.steward.examples.reminder;

import dev.steward.bot.annotation.Arg;
import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.schedule.DelayedActions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Reminds a room later: {@code !remind 10m stand-up}. The reminder is a delayed action in the store, so it survives
 * a restart of the bot, and one that fell due while the bot was down is posted once when it comes back.
 */
@Bot("reminder")
public class ReminderBot {
  private static final Duration LONGEST = Duration.ofDays(366);
  private final DelayedActions actions;

  public ReminderBot(DelayedActions actions) {
    this.actions = actions;
  }

  @Command(value = "!remind", help = "Remind this room later, e.g. !remind 1h30m stand-up")
  void remind(CommandContext ctx, Duration in, @Rest @Arg("text") String text) {
    if (in.compareTo(LONGEST) > 0) {
      ctx.reply("I can remind at most a year ahead. Usage: " + ctx.usage());
      return;
    }
    Instant at = Instant.now().plus(in).truncatedTo(ChronoUnit.SECONDS);
    actions.scheduleReminder(ctx.room(), "⏰ Reminder from " + ctx.sender() + ": " + text, at);
    ctx.reply("⏰ I'll remind this room at " + at + ".");
  }
}

package dev.steward.examples.dice;

import dev.steward.bot.annotation.Arg;
import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.command.ArgumentConverter;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.command.CommandContext;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Rolls dice: {@code !roll 2d6} answers {@code 🎲 9 (4, 5)}. Shows a command argument of the bot's own type. */
@Bot("dice")
public class DiceBot {
  /** Teaches the command parser the {@link Dice} type before the commands are read. */
  public DiceBot(ArgumentConverters converters) {
    converters.register(Dice.class, ArgumentConverter.of(Dice::parse));
  }

  @Command(value = "!roll", help = "Roll dice, e.g. !roll 2d6 or !roll d20")
  void roll(CommandContext ctx, @Arg(value = "dice", defaultValue = "1d6") Dice dice) {
    List<Integer> rolls = IntStream.range(0, dice.count())
        .mapToObj(i -> ThreadLocalRandom.current().nextInt(1, dice.sides() + 1)).toList();
    int total = rolls.stream().mapToInt(Integer::intValue).sum();
    String each = rolls.stream().map(String::valueOf).collect(Collectors.joining(", "));
    ctx.reply(rolls.size() == 1 ? "🎲 " + total : "🎲 " + total + " (" + each + ")");
  }
}

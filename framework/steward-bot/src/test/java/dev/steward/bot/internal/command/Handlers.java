package dev.steward.bot.internal.command;

import dev.steward.bot.annotation.Arg;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.client.UserId;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Command methods shared by the tests, and a helper to read them. */
final class Handlers {
  private Handlers() {}

  /** Stands in for the dispatcher's context object. */
  static final class Ctx {}

  static final ArgumentConverters CONVERTERS = ArgumentConverters.defaults();

  static Method method(Class<?> type, String name) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no method " + name));
  }

  static CommandSignature sig(Class<?> type, String name) {
    return CommandSignature.of(method(type, name), CONVERTERS, t -> t == Ctx.class);
  }

  /** A moderation bot in the shape the design page shows. */
  static final class Mod {
    @Command(value = "!ban", aliases = {"!b", "!kickban"}, minPowerLevel = 50, help = "Ban a user")
    void ban(Ctx ctx, UserId user, @Rest String reason) {}

    @Command(value = "!mute", help = "Mute a user for a while")
    void mute(Ctx ctx, UserId user, Duration duration, @Rest String reason) {}

    @Command(value = "!roll", help = "Roll dice")
    void roll(@Arg(value = "dice", defaultValue = "1d6") String dice) {}

    @Command(value = "!poll", help = "Start a poll")
    void poll(Ctx ctx, String question, List<String> options) {}

    @Command("!swap")
    void swap(UserId first, UserId second) {}

    @Command("!kick")
    void kick(UserId[] users) {}

    @Command("!limit")
    void limit(int count, @Arg(optional = true) Integer max, Optional<Long> extra) {}

    @Command("!retry")
    void retry(@Arg(value = "times", defaultValue = "3") int times, Optional<Duration> wait) {}

    @Command("!echo")
    void echo(@Rest @Arg("text") String text) {}

    @Command("!ping")
    void ping(Ctx ctx) {}

    @Command("!tag")
    void tag(Ctx ctx, Ctx other, String targetUserName, @Arg(optional = true) List<String> labels) {}
  }
}

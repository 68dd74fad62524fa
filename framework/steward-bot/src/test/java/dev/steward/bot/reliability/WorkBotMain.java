package dev.steward.bot.reliability;

import ch.qos.logback.classic.Level;
import dev.steward.bot.annotation.Arg;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bot.runtime.Steward;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * The bot {@link ProcessKillIT} runs in a child JVM so that it can be killed with SIGKILL: the whole runtime on a
 * file H2 store, with a {@code !work n} command slow enough that a batch is mid-flight most of the time. It prints
 * {@code KILLTEST READY} after its first sync and {@code KILLTEST START n} / {@code KILLTEST DONE n} around each
 * command, so the test can time the kill and count what was in flight.
 *
 * <p>Arguments: homeserver URL, the bot's user id, the store's JDBC URL. Environment: {@code BOT_TOKEN} (the access
 * token, kept out of the command line) and {@code BOT_DEVICE}.
 */
public final class WorkBotMain {
  /** How long each command works before it replies. */
  static final Duration WORK = Duration.ofMillis(200);

  private WorkBotMain() {}

  /** The bot: {@code !work n} replies {@code done n} after {@link #WORK}. */
  public static final class WorkBot {
    /** Works for a while, then replies. */
    @Command(value = "!work", help = "Work a while, then answer: !work <n>")
    public void work(CommandContext ctx, @Arg("n") int n) throws InterruptedException {
      say("START " + n);
      Thread.sleep(WORK.toMillis());
      ctx.reply("done " + n);
      say("DONE " + n);
    }
  }

  /** Runs the bot until the process is killed or stopped. */
  public static void main(String[] args) throws InterruptedException {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.INFO);
    String yaml = """
        homeserver:
          url: %s
        auth:
          user_id: "%s"
          access_token: ${BOT_TOKEN}
          device_id: ${BOT_DEVICE}
        bot:
          sync_timeout: 2s
          handler_threads: 4
        storage:
          url: "%s"
        """.formatted(args[0], args[1], args[2]);
    StewardConfig config = ConfigLoader.loadString(yaml, System::getenv);
    Steward steward = Steward.builder(config).beans(new WorkBot()).build().start();
    if (!steward.awaitReady(Duration.ofSeconds(60))) {
      say("NOT READY");
      System.exit(3);
    }
    say("READY");
    steward.awaitTermination();
  }

  private static void say(String what) {
    // System.out flushes on println, so the test sees each line as it happens.
    System.out.println("KILLTEST " + what);
  }
}

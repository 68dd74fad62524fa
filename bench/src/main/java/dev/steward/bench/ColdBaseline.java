package dev.steward.bench;

/**
 * The hand-written baseline in a process of its own, for {@link ColdBench}: arguments are the homeserver URL and the
 * command it answers. It syncs until the process is stopped.
 */
public final class ColdBaseline {
  private ColdBaseline() {}

  public static void main(String[] args) throws Exception {
    HandWrittenBot bot = new HandWrittenBot(4, args[1]);
    bot.start(args[0]);
    while (bot.failure().isEmpty()) {
      Thread.sleep(100);
    }
    bot.failure().get().printStackTrace();
    System.exit(1);
  }
}

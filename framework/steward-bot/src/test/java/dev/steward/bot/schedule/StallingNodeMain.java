package dev.steward.bot.schedule;

import dev.steward.bot.config.SchedulerConfig;
import dev.steward.bot.store.StewardStore;
import dev.steward.client.MatrixClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Clustered instance {@code node-a} of {@link ClusteredSchedulerIT} in a JVM of its own: it starts a delayed action
 * that never finishes and waits to be killed, so it dies the way a crashed process does, its job never completing.
 * It ends by itself when its parent closes its standard input or after two minutes.
 */
final class StallingNodeMain {
  static final String ID = "node-a";

  private StallingNodeMain() {}

  public static void main(String[] args) throws Exception {
    StewardStore store = StewardStore.open(SharedPostgres.URL, SharedPostgres.USER, SharedPostgres.PASSWORD);
    MatrixClient client = MatrixClient.builder().homeserver("http://127.0.0.1:9").build();
    StewardScheduler scheduler = StewardScheduler.create(
        new SchedulerConfig(4, true, ID, Duration.parse(args[0])), store.dataSource(), client);
    CountDownLatch never = new CountDownLatch(1);
    scheduler.delayedActions().register("test.stall", (c, data) -> {
      ClusteredSchedulerIT.effect(store.dataSource(), "started", ID);
      never.await(2, TimeUnit.MINUTES);
    });
    scheduler.start();
    scheduler.delayedActions().schedule("test.stall", Map.of(), Instant.now());

    Thread orphanGuard = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // Nothing is sent; end of input means the test is gone.
        }
      } catch (java.io.IOException e) {
        // The same: no parent to answer to.
      }
      Runtime.getRuntime().halt(2);
    }, "orphan-guard");
    orphanGuard.setDaemon(true);
    orphanGuard.start();
    Thread.sleep(TimeUnit.MINUTES.toMillis(2));
    Runtime.getRuntime().halt(1);
  }
}

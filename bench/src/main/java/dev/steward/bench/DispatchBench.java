package dev.steward.bench;

import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.bot.runtime.Steward;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

/**
 * Dispatch throughput and command round-trip: the real runtime (sync loop, parser, dispatcher, command parsing,
 * replies over HTTP) against {@link BenchHomeserver} on loopback, from the first sync to the last reply.
 */
public final class DispatchBench {
  private DispatchBench() {}

  /** Answers {@code !ping N}. */
  public static final class PingBot {
    @Command("!ping")
    void ping(CommandContext ctx, @Rest String n) {
      ctx.reply("pong " + n);
    }
  }

  /**
   * What one run measured.
   *
   * @param events message events delivered
   * @param commands of which commands
   * @param answered commands answered at least once
   * @param duplicates replies beyond the first to a command
   * @param seconds from the first sync request to the last reply
   * @param p50Millis median command round trip (batch served to reply received)
   * @param p99Millis 99th percentile round trip
   */
  public record Result(int events, int commands, int answered, long duplicates, double seconds, double p50Millis,
                       double p99Millis) {
    /** Message events handled per second. */
    public double eventsPerSecond() {
      return events / seconds;
    }

    @Override
    public String toString() {
      return String.format("%,d events (%,d commands) in %.2f s = %,.0f events/s; answered %,d, duplicates %d; "
          + "round trip p50 %.2f ms, p99 %.2f ms", events, commands, seconds, eventsPerSecond(), answered,
          duplicates, p50Millis, p99Millis);
    }
  }

  /** Runs the benchmark once. */
  public static Result run(int rooms, int events, double pingShare, int perBatch, int threads) throws Exception {
    SyncFixture fixture = new SyncFixture(rooms, events, pingShare, perBatch, 42);
    try (BenchHomeserver hs = new BenchHomeserver(fixture, perBatch)) {
      String yaml = """
          homeserver: {url: '%s'}
          auth: {user_id: '%s', access_token: bench}
          bot: {sync_timeout: 1s, handler_threads: %d, dedupe_size: %d}
          storage: {url: 'jdbc:h2:mem:bench-%s;DB_CLOSE_DELAY=-1'}
          """.formatted(hs.url(), SyncFixture.BOT, threads, Math.max(100, events), UUID.randomUUID());
      Steward steward = Steward.builder(ConfigLoader.loadString(yaml, k -> null)).beans(new PingBot())
          .replyGuard(new ReplyGuard(1e9, Integer.MAX_VALUE, System::nanoTime)).build();
      try {
        steward.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (hs.repliesByCommand.size() < fixture.commands() && System.nanoTime() < deadline
            && steward.failure().isEmpty()) {
          Thread.sleep(5);
        }
        Thread.sleep(200); // late duplicates would show up now
      } finally {
        steward.close();
      }
      long duplicates = hs.repliesByCommand.values().stream().mapToLong(c -> c.get() - 1L).sum();
      int n = Math.min(hs.latencies.get(), hs.latencyNanos.length);
      long[] lat = Arrays.copyOf(hs.latencyNanos, n);
      Arrays.sort(lat);
      double seconds = (hs.lastReplyAt.get() - hs.firstSyncAt.get()) / 1e9;
      return new Result(fixture.events(), fixture.commands(), hs.repliesByCommand.size(), duplicates, seconds,
          percentile(lat, 0.50), percentile(lat, 0.99));
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}

package dev.steward.bench;

import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.runtime.Steward;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The bot side of the large-account benchmark, meant to run in a JVM of its own with a fixed {@code -Xmx}: starts
 * the real runtime against {@link LargeAccountHomeserver}, times the initial sync, weighs the heap with the bot idle,
 * lets the later batches through and waits until every room was seen and every command answered.
 */
public final class LargeAccountRun {
  private static final Duration LIMIT = Duration.ofMinutes(20);

  private LargeAccountRun() {}

  /**
   * What the bot side measured.
   *
   * @param rooms joined rooms in the initial sync
   * @param maxHeap the heap limit it ran under
   * @param startMillis from building the runtime until its sync loop ran
   * @param readyMillis from building the runtime until the initial sync batch was handled
   * @param laterMillis from releasing the later batches until every room was seen and every command run
   * @param roomsSeen rooms in which a message reached the bot
   * @param commandsRun commands the bot's handlers ran
   * @param heapBeforeStart heap after full collections before the runtime started
   * @param retainedIdle heap after full collections with the bot idle after its initial sync
   * @param retainedAfter heap after full collections once the later batches were handled
   * @param peakUsed the largest heap seen (before any collection)
   * @param peakAfterGc the largest heap right after a collection (bounds the live data from above)
   * @param collections collections during the run
   */
  public record Result(int rooms, long maxHeap, long startMillis, long readyMillis, long laterMillis, int roomsSeen,
                       int commandsRun, long heapBeforeStart, long retainedIdle, long retainedAfter, long peakUsed,
                       long peakAfterGc, long collections) {}

  /** Arguments: homeserver URL, rooms, the file to write the result to (JSON). */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("steward-large");
    Result r = run(args[0], Integer.parseInt(args[1]), "jdbc:h2:file:" + dir.resolve("bot").toAbsolutePath());
    Json.mapper().writeValue(Path.of(args[2]).toFile(), r);
    // Spring, Quartz and H2 may leave non-daemon threads behind; the measurement is written, so end here.
    System.exit(0);
  }

  /** Runs the bot side once against {@code url}, storing in {@code storageUrl}. */
  public static Result run(String url, int rooms, String storageUrl) throws Exception {
    Objects.requireNonNull(url, "url");
    try (HeapWatch heap = new HeapWatch()) {
      long before = HeapWatch.retained();
      LargeAccountBot bot = new LargeAccountBot();
      String yaml = """
          homeserver: {url: '%s'}
          auth: {user_id: '%s', access_token: bench}
          bot: {sync_timeout: 1s}
          storage: {url: '%s'}
          """.formatted(url, LargeAccountFixture.BOT, storageUrl);
      long t0 = System.nanoTime();
      try (Steward steward = Steward.builder(ConfigLoader.loadString(yaml, k -> null)).beans(bot).build()) {
        steward.start();
        long started = System.nanoTime();
        long readyBy = started + LIMIT.toNanos();
        // awaitReady alone would wait out the limit if the sync loop died: look at failure() every second.
        while (!steward.awaitReady(Duration.ofSeconds(1))) {
          if (steward.failure().isPresent() || System.nanoTime() > readyBy) {
            throw new IllegalStateException("no initial sync", steward.failure().orElse(null));
          }
        }
        long ready = System.nanoTime();
        long idle = HeapWatch.retained();
        release(url);
        long t1 = System.nanoTime();
        int commands = LargeAccountFixture.commandsRun(rooms);
        long deadline = t1 + LIMIT.toNanos();
        while ((bot.roomsSeen() < rooms || bot.commands.get() < commands) && steward.failure().isEmpty()
            && System.nanoTime() < deadline) {
          Thread.sleep(2);
        }
        long later = System.nanoTime() - t1;
        steward.failure().ifPresent(f -> {
          throw new IllegalStateException("the bot stopped", f);
        });
        long after = HeapWatch.retained();
        return new Result(rooms, HeapWatch.max(), millis(started - t0), millis(ready - t0), millis(later),
            bot.roomsSeen(), bot.commands.get(), before, idle, after, heap.peakUsed(), heap.peakAfterGc(),
            heap.collections());
      }
    }
  }

  private static void release(String url) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest post = HttpRequest.newBuilder(URI.create(url + "_bench/release"))
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<Void> r = http.send(post, HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("release answered " + r.statusCode());
    }
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}

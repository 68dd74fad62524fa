package dev.steward.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A bot account in many rooms: {@link LargeAccountHomeserver} serves a {@link LargeAccountFixture} here, and the real
 * runtime consumes it in a child JVM with a fixed {@code -Xmx}, so a run that completes proves the heap is enough
 * rather than estimating it (running out ends the child at once: {@code ExitOnOutOfMemoryError}). Extra child JVM
 * options (JFR, GC logs) come from {@code STEWARD_BENCH_CHILD_OPTS}.
 */
public final class LargeAccountBench {
  private static final long MIB = 1024 * 1024;

  private LargeAccountBench() {}

  /** Runs the bot side against {@code url} and returns what it measured. */
  @FunctionalInterface
  interface BotSide {
    LargeAccountRun.Result run(String url) throws Exception;
  }

  /**
   * One run, seen from both sides.
   *
   * @param bot what the bot side measured
   * @param initialBytes size of the initial sync batch
   * @param expectedReplies commands that must be answered
   * @param problems replies missing, wrong, duplicated or unasked for; empty when the bot behaved
   */
  public record Outcome(LargeAccountRun.Result bot, long initialBytes, int expectedReplies, List<String> problems) {
    @Override
    public String toString() {
      LargeAccountRun.Result b = bot;
      return String.format("%,d rooms (initial sync %,.1f MiB of JSON) under -Xmx %d MiB: started in %,d ms, initial "
              + "sync handled %,d ms after start; a message in every room + %d commands handled in %,d ms; rooms seen "
              + "%,d; heap: peak %,d MiB, peak after GC %,d MiB, retained idle %,.1f MiB (%,.1f MiB before start), "
              + "after the later batches %,.1f MiB; %d collections; %s",
          b.rooms(), initialBytes / (double) MIB, b.maxHeap() / MIB, b.startMillis(), b.readyMillis(),
          expectedReplies, b.laterMillis(), b.roomsSeen(), b.peakUsed() / MIB, b.peakAfterGc() / MIB,
          b.retainedIdle() / (double) MIB, b.heapBeforeStart() / (double) MIB, b.retainedAfter() / (double) MIB,
          b.collections(), problems.isEmpty() ? "every reply right" : "PROBLEMS: " + problems);
    }
  }

  /** Runs the bot side in a child JVM limited to {@code xmx} (e.g. {@code 512m}). */
  public static Outcome inChildJvm(int rooms, String xmx) throws Exception {
    return run(rooms, url -> ChildJvm.run("the bot JVM (-Xmx" + xmx + ")",
        List.of("-Xmx" + xmx, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError"), LargeAccountRun.class,
        List.of(url, Integer.toString(rooms)), 30, new TypeReference<LargeAccountRun.Result>() {}));
  }

  /** Runs the bot side in this JVM, with an in-memory store (for the smoke test: correctness, not heap). */
  public static Outcome inProcess(int rooms) throws Exception {
    return run(rooms, url -> LargeAccountRun.run(url, rooms, "jdbc:h2:mem:large-" + System.nanoTime()
        + ";DB_CLOSE_DELAY=-1"));
  }

  static Outcome run(int rooms, BotSide botSide) throws Exception {
    LargeAccountFixture fixture = new LargeAccountFixture(rooms);
    try (LargeAccountHomeserver hs = new LargeAccountHomeserver(fixture)) {
      LargeAccountRun.Result r = botSide.run(hs.url());
      Map<String, String> expected = fixture.expectedReplies();
      // The refusal is sent by the runtime after the handlers the bot side waited for: give it a moment.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (hs.replies.size() < expected.size() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      return new Outcome(r, fixture.batches().get(0).length, expected.size(), problems(expected, hs));
    }
  }

  private static List<String> problems(Map<String, String> expected, LargeAccountHomeserver hs) {
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> got = hs.repliesByEvent();
    expected.forEach((event, body) -> {
      List<String> replies = got.getOrDefault(event, List.of());
      if (!replies.equals(List.of(body))) {
        problems.add(event + " expected [" + body + "] got " + replies);
      }
    });
    got.keySet().stream().filter(e -> !expected.containsKey(e))
        .forEach(e -> problems.add("unasked reply to " + e + ": " + got.get(e)));
    return problems;
  }

  /** Retained heap per room: the difference between two runs' idle heaps over the difference in rooms. */
  static double bytesPerRoom(Outcome small, Outcome large) {
    return (large.bot().retainedIdle() - small.bot().retainedIdle())
        / (double) (large.bot().rooms() - small.bot().rooms());
  }
}

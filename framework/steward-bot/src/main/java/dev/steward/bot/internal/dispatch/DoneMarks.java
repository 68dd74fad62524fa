package dev.steward.bot.internal.dispatch;

import dev.steward.bot.store.EventDedupe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records handled events as done from one background thread. A room's lane collects the ids of the events it
 * finished, joined into one text as they come (see {@link Pending}), and queues them together when its work ends.
 * The writer waits a moment after the first queued and then takes what is queued, so a quiet bot writes one or two
 * ids per write and a busy one up to {@link #MAX_PER_WRITE} (group commit); with a full write's worth queued it does
 * not wait. Joining where the ids were just used matters under load: the writer used to join each id itself, long
 * after, reading every one from main memory.
 *
 * <p>The queue is bounded; when the store falls that far behind, lanes wait to add theirs, which slows dispatch down
 * to what the store can record. A crash before a write only means finished handlers run again after the restart,
 * sending under the same transaction ids, which the homeserver deduplicates.
 */
final class DoneMarks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DoneMarks.class);
  private static final int MAX_PER_WRITE = 1_000;
  private static final long LINGER_MILLIS = 20;
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
  /** Chunks queued at most: each is one room's events of one batch. */
  static final int CAPACITY = 10_000;

  /** Ids of events done, joined by newlines, and how many. */
  private record Chunk(String lines, int count) {}

  private final EventDedupe dedupe;
  private final LinkedBlockingQueue<Chunk> queue;
  /** Ids in the queue, to tell a full write's worth from a few. */
  private final AtomicInteger queued = new AtomicInteger();
  private final Thread writer;
  private volatile boolean open = true;

  DoneMarks(EventDedupe dedupe) {
    this(dedupe, CAPACITY);
  }

  DoneMarks(EventDedupe dedupe, int capacity) {
    this.dedupe = dedupe;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.writer = new Thread(this::run, "steward-done-marks");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * The ids of events one lane finished, gathered to be queued together: on {@link #flush()}, or once the first of
   * them has waited {@link #LINGER_MILLIS}. Used by one thread at a time.
   */
  final class Pending {
    private final StringBuilder lines = new StringBuilder();
    private int count;
    private long since;

    /** Adds an event whose handlers have finished. */
    void add(String eventId) {
      long now = System.nanoTime();
      if (count == 0) {
        since = now;
      } else {
        lines.append('\n');
      }
      lines.append(eventId);
      count++;
      if (count >= MAX_PER_WRITE || now - since >= LINGER_NANOS) {
        flush();
      }
    }

    /**
     * Queues what was gathered, waiting while the queue is full. Interrupted while waiting (the dispatcher is
     * closing), the events are left unrecorded and run again after a restart, as after a crash.
     */
    void flush() {
      if (count == 0) {
        return;
      }
      Chunk chunk = new Chunk(lines.toString(), count);
      lines.setLength(0);
      count = 0;
      queued.addAndGet(chunk.count());
      // offer first: it succeeds whenever there is room, even on a thread already interrupted by close()
      if (!queue.offer(chunk)) {
        try {
          queue.put(chunk);
        } catch (InterruptedException e) {
          queued.addAndGet(-chunk.count());
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** A new, empty gathering of done ids for one lane's work. */
  Pending pending() {
    return new Pending();
  }

  private void run() {
    List<String> parts = new ArrayList<>();
    int count = 0;
    while (open || !queue.isEmpty()) {
      try {
        Chunk first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        parts.add(first.lines());
        count = first.count();
        if (open && queued.get() < MAX_PER_WRITE) {
          Thread.sleep(LINGER_MILLIS);
        }
        // One consumer: the head seen is the head taken. A chunk that would overflow the write waits for the next.
        for (Chunk next = queue.peek(); next != null && count + next.count() <= MAX_PER_WRITE; next = queue.peek()) {
          queue.poll();
          parts.add(next.lines());
          count += next.count();
        }
        queued.addAndGet(-count);
        dedupe.doneLines(String.join("\n", parts));
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The events stay claimed: they did run, and only run again if this instance restarts before they age out.
        log.warn("could not record {} handled events as done", count, e);
      }
      parts.clear();
      count = 0;
    }
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() throws InterruptedException {
    open = false;
    writer.join(TimeUnit.SECONDS.toMillis(10));
  }
}

package dev.steward.bot.dispatch;

import dev.steward.bot.store.EventDedupe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records handled events as done from one background thread: a write waits a moment after the first id and then
 * takes the ids queued, so a quiet bot writes one or two per write and a busy one up to {@link #MAX_PER_WRITE} (group
 * commit). With a full write's worth queued it does not wait: writes follow each other as fast as the store takes
 * them. The queue is bounded; when the store falls that far behind, handlers wait to add theirs, which slows
 * dispatch down to what the store can record. A crash before a write only means a finished handler runs again after
 * the restart, sending under the same transaction ids, which the homeserver deduplicates.
 */
final class DoneMarks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DoneMarks.class);
  private static final int MAX_PER_WRITE = 1_000;
  private static final long LINGER_MILLIS = 20;
  /** Ids queued at most: a few writes' worth, about 10 MB at the longest ids. */
  static final int CAPACITY = 100 * MAX_PER_WRITE;

  private final EventDedupe dedupe;
  private final LinkedBlockingQueue<String> queue;
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
   * Queues an event whose handlers have finished, waiting while the queue is full. Interrupted (the dispatcher is
   * closing), the event is left unrecorded and runs again after a restart, as after a crash.
   */
  void add(String eventId) {
    try {
      queue.put(eventId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<String> ids = new ArrayList<>();
    while (open || !queue.isEmpty()) {
      try {
        String first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        ids.add(first);
        if (open && queue.size() < MAX_PER_WRITE - 1) {
          Thread.sleep(LINGER_MILLIS);
        }
        queue.drainTo(ids, MAX_PER_WRITE - 1);
        dedupe.done(ids);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The events stay claimed: they did run, and only run again if this instance restarts before they age out.
        log.warn("could not record {} handled events as done", ids.size(), e);
      }
      ids.clear();
    }
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() throws InterruptedException {
    open = false;
    writer.join(TimeUnit.SECONDS.toMillis(10));
  }
}

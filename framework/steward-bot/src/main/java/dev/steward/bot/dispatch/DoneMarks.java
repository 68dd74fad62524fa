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
 * takes every id queued, so a busy bot writes hundreds per write (group commit) and a quiet one one or two. A crash
 * in that moment only means a finished handler runs again after the restart, sending under the same transaction
 * ids, which the homeserver deduplicates.
 */
final class DoneMarks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DoneMarks.class);
  private static final int MAX_PER_WRITE = 1_000;
  private static final long LINGER_MILLIS = 20;

  private final EventDedupe dedupe;
  private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean open = true;

  DoneMarks(EventDedupe dedupe) {
    this.dedupe = dedupe;
    this.writer = new Thread(this::run, "steward-done-marks");
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues an event whose handlers have finished. */
  void add(String eventId) {
    queue.add(eventId);
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
        if (open) {
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

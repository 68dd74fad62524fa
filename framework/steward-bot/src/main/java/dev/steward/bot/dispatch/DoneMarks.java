package dev.steward.bot.dispatch;

import dev.steward.bot.store.EventDedupe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records handled events as done from one background thread: each write takes every id queued since the last, so a
 * quiet bot writes one row per event within a moment, and a busy one a few hundred per write (group commit).
 */
final class DoneMarks implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DoneMarks.class);
  private static final int MAX_PER_WRITE = 1_000;

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

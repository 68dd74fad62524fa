package dev.steward.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap use as the collector sees it. Between collections the heap only grows, so the largest heap just before any
 * collection (or now) is the peak; the largest heap just after one bounds the live data from above (a young
 * collection leaves old garbage in place). A full collection then shows what is really retained.
 */
final class HeapWatch implements AutoCloseable {
  private final AtomicLong peakBefore = new AtomicLong();
  private final AtomicLong peakAfter = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onGc;

  HeapWatch() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
  }

  private void onGc(Notification n, Object handback) {
    if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
      return;
    }
    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
    collections.incrementAndGet();
    peakBefore.accumulateAndGet(heapOf(info.getMemoryUsageBeforeGc()), Math::max);
    peakAfter.accumulateAndGet(heapOf(info.getMemoryUsageAfterGc()), Math::max);
  }

  private static long heapOf(Map<String, MemoryUsage> byPool) {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage u = byPool.get(pool.getName());
      if (pool.getType() == MemoryType.HEAP && u != null) {
        sum += u.getUsed();
      }
    }
    return sum;
  }

  /** Heap in use now. */
  static long used() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The maximum heap ({@code -Xmx}). */
  static long max() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
  }

  /** The heap after full collections: the smallest of three, so a collection still settling does not count. */
  static long retained() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      least = Math.min(least, used());
    }
    return least;
  }

  /** The largest heap seen: before any collection so far, or now. */
  long peakUsed() {
    return Math.max(peakBefore.get(), used());
  }

  /** The largest heap right after a collection: an upper bound of the peak live data. */
  long peakAfterGc() {
    return peakAfter.get();
  }

  long collections() {
    return collections.get();
  }

  @Override
  public void close() throws Exception {
    for (NotificationEmitter e : emitters) {
      e.removeNotificationListener(listener);
    }
  }
}

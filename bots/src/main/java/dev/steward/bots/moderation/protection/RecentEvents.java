package dev.steward.bots.moderation.protection;

import dev.steward.client.EventId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sliding windows of recent events, one per key (a room, or a room and a user), bounded in memory: a key untouched
 * for {@code idle} (by the clock) is dropped, and past {@code maxKeys} the longest untouched goes first. Windows are
 * measured by the events' own timestamps, so a backlog delivered at once after downtime counts as it was sent.
 *
 * @param <K> the key
 */
final class RecentEvents<K> {
  /** One event in a window. */
  record Stamp(Instant at, EventId event) {}

  private static final class Window {
    final ArrayDeque<Stamp> stamps = new ArrayDeque<>();
    Instant touched;
  }

  private final Duration window;
  private final Duration idle;
  private final int maxKeys;
  private final Clock clock;
  /** Access order: the eldest entry is the one untouched the longest. */
  private final LinkedHashMap<K, Window> windows = new LinkedHashMap<>(64, 0.75f, true);

  RecentEvents(Duration window, Duration idle, int maxKeys, Clock clock) {
    this.window = window;
    this.idle = idle;
    this.maxKeys = maxKeys;
    this.clock = clock;
  }

  /** Adds an event to {@code key}'s window, drops those that slid out, and returns the window, oldest first. */
  synchronized List<Stamp> add(K key, Instant at, EventId event) {
    Instant now = clock.instant();
    Window w = windows.computeIfAbsent(key, k -> new Window());
    w.touched = now;
    w.stamps.addLast(new Stamp(at, event));
    Instant from = at.minus(window);
    w.stamps.removeIf(s -> s.at().isBefore(from));
    evict(now);
    return List.copyOf(w.stamps);
  }

  /** Forgets {@code key}'s window: the events in it were dealt with. */
  synchronized void clear(K key) {
    windows.remove(key);
  }

  /** How many keys are held. */
  synchronized int size() {
    return windows.size();
  }

  private void evict(Instant now) {
    Instant cutoff = now.minus(idle);
    Iterator<Map.Entry<K, Window>> it = windows.entrySet().iterator();
    while (it.hasNext()) {
      Window eldest = it.next().getValue();
      if (windows.size() > maxKeys || eldest.touched.isBefore(cutoff)) {
        it.remove();
      } else {
        break; // touched in order: the rest are younger
      }
    }
  }
}

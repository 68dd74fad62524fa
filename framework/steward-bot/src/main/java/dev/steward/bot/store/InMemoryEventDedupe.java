package dev.steward.bot.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Handled events in memory only, the newest {@code capacity} ids: for tests and for bots without a store. Nothing
 * survives a restart, so there are never unfinished claims to release.
 */
public final class InMemoryEventDedupe implements EventDedupe {
  /** Claimed ids, true once done, in insertion order so the oldest go first. */
  private final Map<String, Boolean> ids;

  public InMemoryEventDedupe(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.ids = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public synchronized List<String> claim(Collection<String> eventIds) {
    List<String> claimed = new ArrayList<>();
    for (String id : eventIds) {
      if (ids.putIfAbsent(Objects.requireNonNull(id, "event id"), Boolean.FALSE) == null) {
        claimed.add(id);
      }
    }
    return claimed;
  }

  @Override
  public synchronized void done(Collection<String> eventIds) {
    eventIds.forEach(id -> ids.replace(id, Boolean.TRUE));
  }

  @Override
  public int releaseUnfinished() {
    return 0;
  }

  @Override
  public synchronized void forget(String eventId) {
    ids.remove(Objects.requireNonNull(eventId, "eventId"));
  }
}

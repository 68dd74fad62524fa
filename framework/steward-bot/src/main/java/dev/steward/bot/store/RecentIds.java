package dev.steward.bot.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded, least-recently-used set of event ids known to be recorded, so that repeated checks skip the database.
 * A LinkedHashMap in access order is the whole LRU; no cache library is worth a dependency for this.
 */
final class RecentIds {
  private final Map<String, Boolean> ids;

  RecentIds(int capacity) {
    this.ids = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized boolean contains(String id) {
    return ids.get(id) != null; // get, not containsKey: a hit counts as a use
  }

  synchronized void add(String id) {
    ids.put(id, Boolean.TRUE);
  }

  /** Adds the id unless present (a hit counts as a use); true if it was added. */
  synchronized boolean addIfAbsent(String id) {
    return ids.putIfAbsent(id, Boolean.TRUE) == null;
  }

  /** Adds each id that is absent (hits count as uses), under one lock for the lot; returns those it added. */
  synchronized List<String> addAllAbsent(Collection<String> candidates) {
    List<String> added = new ArrayList<>(candidates.size());
    for (String id : candidates) {
      if (ids.putIfAbsent(id, Boolean.TRUE) == null) {
        added.add(id);
      }
    }
    return added;
  }

  synchronized void remove(String id) {
    ids.remove(id);
  }
}

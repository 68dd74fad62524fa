package dev.steward.bot.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The window of recent event ids that claims check, split by hash into {@link RecentIds} stripes that lock apart.
 * Handler threads claim the events of different rooms at the same time; behind one lock they waited for each other
 * (in the dispatch benchmark, 4 handler threads spent 1.9 s blocked on it in 40 s of laps).
 *
 * <p>Each stripe keeps its own newest ids, first in, first out. Ids spread over the stripes by hash, not evenly, so
 * each stripe holds a quarter more than its share of the capacity: the set as a whole still remembers at least the
 * newest {@code capacity} ids (a stripe would have to receive 25 % more than its share of them to forget one early),
 * at the price of holding up to a quarter more. A small window is one stripe, exactly first in, first out.
 */
final class StripedRecentIds {
  /** Windows smaller than this stay one stripe, exactly first in, first out. */
  static final int STRIPED_FROM = 4096;
  static final int STRIPES = 16;
  /** Arrays each stripe starts with; they grow up to the stripe's capacity as ids come. */
  private static final int INITIAL_PER_STRIPE = 128;

  private final RecentIds[] stripes;

  StripedRecentIds(int capacity) {
    if (capacity < STRIPED_FROM) { // a capacity below 1 fails here, in RecentIds
      stripes = new RecentIds[] {new RecentIds(capacity)};
    } else {
      stripes = new RecentIds[STRIPES];
      int each = (int) Math.min(Integer.MAX_VALUE, ((long) capacity * 5 / 4 + STRIPES - 1) / STRIPES);
      for (int i = 0; i < STRIPES; i++) {
        stripes[i] = new RecentIds(each, INITIAL_PER_STRIPE);
      }
    }
  }

  boolean contains(String id) {
    return stripe(id).contains(id);
  }

  /** Adds the id unless present; true if it was added. */
  boolean addIfAbsent(String id) {
    return stripe(id).addIfAbsent(id);
  }

  /** Adds each id that is absent; returns those it added, in the order given. Each id is added by one caller only. */
  List<String> addAllAbsent(Collection<String> candidates) {
    List<String> added = new ArrayList<>(candidates.size());
    for (String id : candidates) {
      if (stripe(id).addIfAbsent(id)) {
        added.add(id);
      }
    }
    return added;
  }

  void remove(String id) {
    stripe(id).remove(id);
  }

  private RecentIds stripe(String id) {
    int h = id.hashCode();
    // Low bits, spread: a stripe's own table indexes by the high bits of its hash times the golden ratio.
    return stripes[(h ^ (h >>> 16)) & (stripes.length - 1)];
  }
}

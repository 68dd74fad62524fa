package dev.steward.bot.store;

import java.util.Arrays;

/**
 * A bounded set of event ids known to be recorded, so that repeated checks skip the database; when full, the id added
 * longest ago goes (first in, first out, as the H2 log prunes its oldest rows). Every handled event passes through
 * here, so it is built for that: ids in a ring in the order they came, found through an open-addressing table of
 * their hashes (linear probing, at most half full). A lookup reads two arrays and compares an id only when its hash
 * matches; adding allocates nothing; evicting never reads the old id itself. A {@link java.util.LinkedHashMap}
 * allocated an entry per id and chased pointers to cold entries, a third of a handler thread's time under load.
 *
 * <p>The arrays start small and double until the ring holds {@code capacity} ids, so a large window costs memory
 * only once it fills. An id removed leaves a hole in the ring until the hole is the oldest; until then the set holds
 * fewer ids than its capacity. Removals are rare (a handler that failed and is retried).
 */
final class RecentIds {
  private static final int INITIAL = 1024;

  private final int capacity;
  /** The ids in the order they came; null where one was removed. Wraps around only once grown to the capacity. */
  private String[] ring;
  private int[] ringHashes;
  /** Ring slot of the oldest id (or hole); 0 until the ring is full at its capacity. */
  private int oldest;
  /** Ring slots in use, holes included. */
  private int used;
  /** Per table slot: 1 + the ring slot of the id there, or 0 for empty. */
  private int[] slots;
  /** Per table slot: the hash of the id there, compared before the id. */
  private int[] hashes;
  private int shift;

  RecentIds(int capacity) {
    this(capacity, INITIAL);
  }

  /** A set that starts with arrays for {@code initial} ids (or the capacity, if smaller). */
  RecentIds(int capacity, int initial) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.ring = new String[Math.min(capacity, Math.max(1, initial))];
    this.ringHashes = new int[ring.length];
    table(ring.length);
  }

  /** An empty table at least twice as large as {@code ringLength}. */
  private void table(int ringLength) {
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, 2 * ringLength - 1));
    slots = new int[1 << bits];
    hashes = new int[1 << bits];
    shift = 32 - bits;
  }

  synchronized boolean contains(String id) {
    return find(id, id.hashCode()) >= 0;
  }

  /** Adds the id unless present; true if it was added. */
  synchronized boolean addIfAbsent(String id) {
    int hash = id.hashCode();
    if (find(id, hash) >= 0) {
      return false;
    }
    insert(id, hash);
    return true;
  }

  synchronized void remove(String id) {
    int at = find(id, id.hashCode());
    if (at >= 0) {
      ring[slots[at] - 1] = null;
      clear(at);
    }
  }

  /** The table slot holding {@code id}, or -1. */
  private int find(String id, int hash) {
    for (int i = home(hash); slots[i] != 0; i = next(i)) {
      if (hashes[i] == hash && id.equals(ring[slots[i] - 1])) {
        return i;
      }
    }
    return -1;
  }

  private void insert(String id, int hash) {
    if (used == ring.length) {
      if (ring.length < capacity) {
        grow();
      } else {
        evictOldest();
      }
    }
    int r = (oldest + used) % ring.length;
    ring[r] = id;
    ringHashes[r] = hash;
    used++;
    index(r, hash);
  }

  private void index(int ringSlot, int hash) {
    int i = home(hash);
    while (slots[i] != 0) {
      i = next(i);
    }
    slots[i] = ringSlot + 1;
    hashes[i] = hash;
  }

  /** Doubles the ring (up to the capacity) and indexes it afresh; before it is full, the ring starts at slot 0. */
  private void grow() {
    int length = (int) Math.min(capacity, 2L * ring.length);
    ring = Arrays.copyOf(ring, length);
    ringHashes = Arrays.copyOf(ringHashes, length);
    table(length);
    for (int r = 0; r < used; r++) {
      if (ring[r] != null) {
        index(r, ringHashes[r]);
      }
    }
  }

  /** Frees the oldest ring slot, dropping its id from the table if it still holds one. */
  private void evictOldest() {
    int r = oldest;
    if (ring[r] != null) {
      int i = home(ringHashes[r]);
      while (slots[i] != r + 1) {
        i = next(i);
      }
      clear(i);
      ring[r] = null;
    }
    oldest = (oldest + 1) % ring.length;
    used--;
  }

  /** Empties table slot {@code i}, moving later entries of its probe run back so every entry stays reachable. */
  private void clear(int i) {
    int j = i;
    while (true) {
      j = next(j);
      if (slots[j] == 0) {
        break;
      }
      int k = home(hashes[j]);
      // The entry at j may fill the gap at i unless its home lies cyclically in (i, j].
      boolean stays = i <= j ? i < k && k <= j : i < k || k <= j;
      if (!stays) {
        slots[i] = slots[j];
        hashes[i] = hashes[j];
        i = j;
      }
    }
    slots[i] = 0;
  }

  private int home(int hash) {
    return (hash * 0x9E3779B9) >>> shift; // Fibonacci hashing spreads String's hash over the table
  }

  private int next(int i) {
    return (i + 1) & (slots.length - 1);
  }
}

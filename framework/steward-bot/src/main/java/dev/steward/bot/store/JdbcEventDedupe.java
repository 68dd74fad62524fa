package dev.steward.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handled events of one account in the steward_handled_event table on a database several instances may share
 * (PostgreSQL), fronted by an in-memory window of the newest ids known to be claimed or recorded. A batch is claimed
 * with one statement (the key decides between racing instances) and marked done with one more; nothing is written
 * per event.
 */
final class JdbcEventDedupe implements EventDedupe {
  private static final Logger log = LoggerFactory.getLogger(JdbcEventDedupe.class);

  private static final String CLAIM_ANY = "INSERT INTO steward_handled_event (account_key, event_id, handled_at,"
      + " state, claimed_by) SELECT ?, id, CURRENT_TIMESTAMP, 'C', ? FROM unnest(?) AS claimed(id)"
      + " ON CONFLICT DO NOTHING RETURNING event_id";
  private static final String DONE_ANY = "UPDATE steward_handled_event SET state = 'D' WHERE account_key = ?"
      + " AND event_id = ANY(?)";
  private static final String RECENT = "SELECT event_id FROM steward_handled_event WHERE account_key = ?"
      + " ORDER BY seq DESC FETCH FIRST ? ROWS ONLY";
  private static final String RELEASE = "DELETE FROM steward_handled_event WHERE account_key = ? AND claimed_by = ?"
      + " AND state = 'C'";
  private static final String DELETE = "DELETE FROM steward_handled_event WHERE account_key = ? AND event_id = ?";
  private static final String COUNT = "SELECT COUNT(*) FROM steward_handled_event WHERE account_key = ?";
  // The seq of the newest row that falls outside the capacity; it and everything older is pruned.
  private static final String CUTOFF = "SELECT seq FROM steward_handled_event WHERE account_key = ?"
      + " ORDER BY seq DESC OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY";
  private static final String PRUNE = "DELETE FROM steward_handled_event WHERE account_key = ? AND seq <= ?";

  private final Jdbc jdbc;
  private final String account;
  private final String instance;
  private final int capacity;
  private final long pruneAbove;
  private final StripedRecentIds recent;
  private volatile boolean loaded;
  /** Rows of this account, counted exactly at start and after each prune, approximately in between. */
  private final AtomicLong rows;
  private final AtomicBoolean pruning = new AtomicBoolean();

  JdbcEventDedupe(Jdbc jdbc, String account, String instance, int capacity) {
    this.jdbc = jdbc;
    this.account = account;
    this.instance = instance;
    this.capacity = capacity;
    // Prune in batches of about a tenth of the capacity, not one row per insert.
    this.pruneAbove = (long) capacity + Math.max(1, capacity / 10);
    this.recent = new StripedRecentIds(capacity);
    this.rows = new AtomicLong(jdbc.call("dedupe_count", "counting handled events of " + account, this::count));
  }

  @Override
  public List<String> claim(Collection<String> eventIds) {
    loadRecent();
    List<String> candidates = new ArrayList<>();
    for (String id : eventIds) {
      if (recent.addIfAbsent(Objects.requireNonNull(id, "event id"))) {
        candidates.add(id);
      }
    }
    if (candidates.isEmpty()) {
      return candidates;
    }
    try {
      Set<String> won = jdbc.call("dedupe_claim", "claiming " + candidates.size() + " events of " + account, c -> {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(CLAIM_ANY)) {
          s.setString(1, account);
          s.setString(2, instance);
          s.setArray(3, c.createArrayOf("varchar", candidates.toArray()));
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              ids.add(r.getString(1));
            }
          }
        }
        return ids;
      });
      if (rows.addAndGet(won.size()) > pruneAbove) {
        prune();
      }
      return candidates.stream().filter(won::contains).toList();
    } catch (RuntimeException e) {
      candidates.forEach(recent::remove); // not claimed after all: the batch comes again and must find them free
      throw e;
    }
  }

  @Override
  public void done(Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return;
    }
    jdbc.call("dedupe_mark_done", "marking " + eventIds.size() + " events of " + account + " done", c -> {
      try (PreparedStatement s = c.prepareStatement(DONE_ANY)) {
        s.setString(1, account);
        s.setArray(2, c.createArrayOf("varchar", eventIds.toArray()));
        return s.executeUpdate();
      }
    });
  }

  /** Fills the in-memory window with the newest recorded ids, once, so a restarted process knows what it handled. */
  private void loadRecent() {
    if (loaded) {
      return;
    }
    synchronized (this) {
      if (loaded) {
        return;
      }
      jdbc.call("dedupe_load", "loading handled events of " + account, c -> {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = Jdbc.prepare(c, RECENT, account)) {
          s.setInt(2, capacity);
          try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
              ids.add(r.getString(1));
            }
          }
        }
        for (int i = ids.size() - 1; i >= 0; i--) {
          recent.addIfAbsent(ids.get(i)); // oldest first, so the newest are the last to be evicted
        }
        return null;
      });
      loaded = true;
    }
  }

  @Override
  public int releaseUnfinished() {
    int released = jdbc.update("dedupe_release", "releasing unfinished claims of " + account, RELEASE, account,
        instance);
    if (released > 0) {
      rows.addAndGet(-released);
      log.warn("{} events of {} were claimed but not finished when instance '{}' last stopped; they will run again",
          released, account, instance);
    }
    return released;
  }

  @Override
  public void forget(String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    // Database first: removing from memory first would let a racing claim re-add the id from the old row.
    int deleted = jdbc.update("dedupe_forget", "forgetting event " + eventId + " of " + account, DELETE, account,
        eventId);
    recent.remove(eventId);
    if (deleted > 0) {
      rows.addAndGet(-deleted);
    }
  }

  private void prune() {
    if (!pruning.compareAndSet(false, true)) {
      return; // another thread is pruning already
    }
    try {
      jdbc.call("dedupe_prune", "pruning handled events of " + account, c -> {
        Long cutoff = cutoff(c);
        if (cutoff != null) {
          try (PreparedStatement statement = c.prepareStatement(PRUNE)) {
            statement.setString(1, account);
            statement.setLong(2, cutoff);
            statement.executeUpdate();
          }
        }
        rows.set(count(c));
        return null;
      });
    } catch (StoreException e) {
      // The event itself is recorded; failing the caller now would drop an event that was never handled.
      // A failed prune only leaves the table larger for a while and is retried on the next insert.
      log.warn("Could not prune handled events of {}; will retry", account, e);
    } finally {
      pruning.set(false);
    }
  }

  private Long cutoff(Connection c) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(CUTOFF)) {
      statement.setString(1, account);
      statement.setInt(2, capacity);
      try (ResultSet result = statement.executeQuery()) {
        return result.next() ? result.getLong(1) : null;
      }
    }
  }

  private long count(Connection c) throws SQLException {
    try (PreparedStatement statement = Jdbc.prepare(c, COUNT, account); ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getLong(1);
    }
  }
}

package dev.steward.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handled events of one account in the steward_handled_event table, fronted by an in-memory LRU. The table is the
 * truth (across restarts and processes); the LRU only short-cuts ids already known to be recorded.
 */
final class JdbcEventDedupe implements EventDedupe {
  private static final Logger log = LoggerFactory.getLogger(JdbcEventDedupe.class);

  private static final String INSERT =
      "INSERT INTO steward_handled_event (account_key, event_id, handled_at) VALUES (?, ?, CURRENT_TIMESTAMP)";
  private static final String DELETE = "DELETE FROM steward_handled_event WHERE account_key = ? AND event_id = ?";
  private static final String COUNT = "SELECT COUNT(*) FROM steward_handled_event WHERE account_key = ?";
  // The seq of the newest row that falls outside the capacity; it and everything older is pruned.
  private static final String CUTOFF = "SELECT seq FROM steward_handled_event WHERE account_key = ?"
      + " ORDER BY seq DESC OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY";
  private static final String PRUNE = "DELETE FROM steward_handled_event WHERE account_key = ? AND seq <= ?";

  private final Jdbc jdbc;
  private final String account;
  private final int capacity;
  private final long pruneAbove;
  private final RecentIds recent;
  /** Rows of this account, counted exactly at start and after each prune, approximately in between. */
  private final AtomicLong rows;
  private final AtomicBoolean pruning = new AtomicBoolean();

  JdbcEventDedupe(Jdbc jdbc, String account, int capacity) {
    this.jdbc = jdbc;
    this.account = account;
    this.capacity = capacity;
    // Prune in batches of about a tenth of the capacity, not one row per insert.
    this.pruneAbove = (long) capacity + Math.max(1, capacity / 10);
    this.recent = new RecentIds(capacity);
    this.rows = new AtomicLong(jdbc.call("counting handled events of " + account, this::count));
  }

  @Override
  public boolean firstTime(String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    if (recent.contains(eventId)) {
      return false;
    }
    boolean first = jdbc.call("recording event " + eventId + " of " + account, c -> {
      try {
        Jdbc.update(c, INSERT, account, eventId);
        return true;
      } catch (SQLException e) {
        // The primary key is the atomic "seen before?" check: a duplicate means another call recorded it first.
        if (Jdbc.isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    });
    recent.add(eventId);
    if (first && rows.incrementAndGet() > pruneAbove) {
      prune();
    }
    return first;
  }

  @Override
  public void forget(String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    // Database first: removing from the LRU first would let a racing firstTime re-add the id from the old row.
    int deleted = jdbc.update("forgetting event " + eventId + " of " + account, DELETE, account, eventId);
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
      jdbc.call("pruning handled events of " + account, c -> {
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

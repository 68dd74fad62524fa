package dev.steward.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handled events of one account in the steward_handled_event table, fronted by an in-memory LRU. The table is the
 * truth (across restarts and processes); the LRU only short-cuts ids already known to be recorded. A batch of ids
 * costs one query and one batched insert, not a round trip per event.
 */
final class JdbcEventDedupe implements EventDedupe {
  private static final Logger log = LoggerFactory.getLogger(JdbcEventDedupe.class);

  /** Ids per IN list: well under every driver's parameter limit, and few distinct statements to prepare. */
  private static final int CHUNK = 100;
  private static final String INSERT = "INSERT INTO steward_handled_event (account_key, event_id, handled_at, state,"
      + " claimed_by) VALUES (?, ?, CURRENT_TIMESTAMP, 'C', ?)";
  private static final String EXISTING = "SELECT event_id FROM steward_handled_event WHERE account_key = ?"
      + " AND event_id IN ";
  private static final String DONE = "UPDATE steward_handled_event SET state = 'D' WHERE account_key = ?"
      + " AND event_id IN ";
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
  private final RecentIds recent;
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
    this.recent = new RecentIds(capacity);
    this.rows = new AtomicLong(jdbc.call("counting handled events of " + account, this::count));
  }

  @Override
  public List<String> claim(Collection<String> eventIds) {
    Set<String> unknown = new LinkedHashSet<>();
    for (String id : eventIds) {
      if (!recent.contains(Objects.requireNonNull(id, "event id"))) {
        unknown.add(id);
      }
    }
    if (unknown.isEmpty()) {
      return List.of();
    }
    List<String> claimed = jdbc.call("claiming " + unknown.size() + " events of " + account,
        c -> claim(c, new ArrayList<>(unknown)));
    unknown.forEach(recent::add);
    if (rows.addAndGet(claimed.size()) > pruneAbove) {
      prune();
    }
    return claimed;
  }

  private List<String> claim(Connection c, List<String> ids) throws SQLException {
    Set<String> existing = new HashSet<>();
    for (List<String> chunk : chunks(ids)) {
      try (PreparedStatement s = inList(c, EXISTING, chunk); ResultSet r = s.executeQuery()) {
        while (r.next()) {
          existing.add(r.getString(1));
        }
      }
    }
    List<String> fresh = ids.stream().filter(id -> !existing.contains(id)).toList();
    if (fresh.isEmpty()) {
      return fresh;
    }
    c.setAutoCommit(false);
    try (PreparedStatement s = c.prepareStatement(INSERT)) {
      for (String id : fresh) {
        s.setString(1, account);
        s.setString(2, id);
        s.setString(3, instance);
        s.addBatch();
      }
      s.executeBatch();
      c.commit();
      return fresh;
    } catch (SQLException e) {
      c.rollback();
      if (!isDuplicateKey(e)) {
        throw e;
      }
    } finally {
      c.setAutoCommit(true);
    }
    // Another process claimed some of them between the query and the insert: one atomic insert per id decides.
    List<String> won = new ArrayList<>();
    for (String id : fresh) {
      try {
        Jdbc.update(c, INSERT, account, id, instance);
        won.add(id);
      } catch (SQLException e) {
        if (!isDuplicateKey(e)) {
          throw e;
        }
      }
    }
    return won;
  }

  @Override
  public void done(Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return;
    }
    jdbc.call("marking " + eventIds.size() + " events of " + account + " done", c -> {
      for (List<String> chunk : chunks(new ArrayList<>(eventIds))) {
        try (PreparedStatement s = inList(c, DONE, chunk)) {
          s.executeUpdate();
        }
      }
      return null;
    });
  }

  @Override
  public int releaseUnfinished() {
    int released = jdbc.update("releasing unfinished claims of " + account, RELEASE, account, instance);
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
    // Database first: removing from the LRU first would let a racing claim re-add the id from the old row.
    int deleted = jdbc.update("forgetting event " + eventId + " of " + account, DELETE, account, eventId);
    recent.remove(eventId);
    if (deleted > 0) {
      rows.addAndGet(-deleted);
    }
  }

  private PreparedStatement inList(Connection c, String sql, List<String> ids) throws SQLException {
    String[] params = new String[ids.size() + 1];
    params[0] = account;
    for (int i = 0; i < ids.size(); i++) {
      params[i + 1] = ids.get(i);
    }
    return Jdbc.prepare(c, sql + "(" + "?, ".repeat(ids.size() - 1) + "?)", params);
  }

  private static List<List<String>> chunks(List<String> ids) {
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += CHUNK) {
      chunks.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
    }
    return chunks;
  }

  /** A duplicate key anywhere in the chain: a batch reports its failed row as the next or the cause exception. */
  private static boolean isDuplicateKey(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
        : t instanceof SQLException s ? s.getNextException() : null) {
      if (t instanceof SQLException s && Jdbc.isDuplicateKey(s)) {
        return true;
      }
    }
    return false;
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

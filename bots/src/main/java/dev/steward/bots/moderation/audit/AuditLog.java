package dev.steward.bots.moderation.audit;

import dev.steward.bot.store.StewardStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The audit log in the store: table {@value #TABLE}, one row per action and room, keyed so that recording the same
 * action again (a mass action finished after a restart) adds nothing. A table of its own rather than key-value state
 * because {@code !audit} reads the newest rows, or one user's, without loading the whole history.
 */
public final class AuditLog {
  static final String TABLE = "moderation_audit";
  private static final int MAX_TEXT = 1000;

  private final DataSource db;

  /** Creates the table when it is missing (H2 and PostgreSQL accept the same statement). */
  public AuditLog(StewardStore store) {
    this.db = store.dataSource();
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (entry_key VARCHAR(400) PRIMARY KEY, at_ms BIGINT NOT NULL,"
          + " source VARCHAR(400) NOT NULL, action VARCHAR(40) NOT NULL, target VARCHAR(400) NOT NULL,"
          + " room VARCHAR(400) NOT NULL, reason VARCHAR(1000) NOT NULL, outcome VARCHAR(40) NOT NULL,"
          + " detail VARCHAR(1000) NOT NULL)");
      s.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_at ON " + TABLE + " (at_ms)");
      s.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_target ON " + TABLE + " (target, at_ms)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the audit table " + TABLE + ": " + e.getMessage(), e);
    }
  }

  /** Stores the entry; returns false when an entry with its key is already there (then nothing changes). */
  public boolean record(AuditEntry e) {
    Objects.requireNonNull(e, "entry");
    try (Connection c = db.getConnection();
         PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE
             + " (entry_key, at_ms, source, action, target, room, reason, outcome, detail)"
             + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, cut(e.key(), 400));
      s.setLong(2, e.at().toEpochMilli());
      s.setString(3, cut(e.source(), 400));
      s.setString(4, e.action());
      s.setString(5, cut(e.target(), 400));
      s.setString(6, e.room());
      s.setString(7, cut(e.reason(), MAX_TEXT));
      s.setString(8, e.outcome());
      s.setString(9, cut(e.detail(), MAX_TEXT));
      s.executeUpdate();
      return true;
    } catch (SQLException ex) {
      if ("23505".equals(ex.getSQLState())) {
        return false; // recorded before a restart: the log keeps one line per action and room
      }
      throw new IllegalStateException("cannot write the audit log: " + ex.getMessage(), ex);
    }
  }

  /** The newest {@code limit} entries, newest first. */
  public List<AuditEntry> recent(int limit) {
    return query("SELECT * FROM " + TABLE + " ORDER BY at_ms DESC, entry_key DESC", null, limit);
  }

  /** The newest {@code limit} entries whose target is {@code target}, newest first. */
  public List<AuditEntry> against(String target, int limit) {
    return query("SELECT * FROM " + TABLE + " WHERE target = ? ORDER BY at_ms DESC, entry_key DESC", target, limit);
  }

  private List<AuditEntry> query(String sql, String param, int limit) {
    List<AuditEntry> out = new ArrayList<>();
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      if (param != null) {
        s.setString(1, param);
      }
      s.setMaxRows(limit);
      try (ResultSet r = s.executeQuery()) {
        while (r.next() && out.size() < limit) {
          out.add(new AuditEntry(r.getString("entry_key"), Instant.ofEpochMilli(r.getLong("at_ms")),
              r.getString("source"), r.getString("action"), r.getString("target"), r.getString("room"),
              r.getString("reason"), r.getString("outcome"), r.getString("detail")));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the audit log: " + e.getMessage(), e);
    }
    return out;
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }
}

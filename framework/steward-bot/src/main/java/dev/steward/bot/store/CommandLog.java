package dev.steward.bot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The newest commands the bot ran (table {@code steward_command_log}), for the ops status page: name, outcome, room,
 * sender and time, never the arguments. Keeps about the newest {@value #KEEP} rows.
 */
public final class CommandLog {
  static final int KEEP = 500;
  /** Prune once per this many records, not on every insert. */
  private static final int PRUNE_EVERY = 50;

  private final Jdbc jdbc;
  private final AtomicInteger sincePrune = new AtomicInteger();

  CommandLog(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** One command run. */
  public record Entry(Instant at, String command, String outcome, String room, String sender, long millis) {
    /** Requires every part. */
    public Entry {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(sender, "sender");
    }
  }

  /** Records one command run. */
  public void record(Entry e) {
    Objects.requireNonNull(e, "entry");
    jdbc.call("command_log_record", "recording command " + e.command(), c -> {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO steward_command_log"
          + " (at_ms, command, outcome, room_id, sender, millis) VALUES (?, ?, ?, ?, ?, ?)")) {
        s.setLong(1, e.at().toEpochMilli());
        s.setString(2, cut(e.command(), 100));
        s.setString(3, cut(e.outcome(), 20));
        s.setString(4, cut(e.room(), 255));
        s.setString(5, cut(e.sender(), 255));
        s.setLong(6, e.millis());
        return s.executeUpdate();
      }
    });
    if (sincePrune.incrementAndGet() >= PRUNE_EVERY) {
      sincePrune.set(0);
      jdbc.call("command_log_prune", "pruning the command log", c -> {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM steward_command_log"
            + " WHERE seq <= (SELECT MAX(seq) FROM steward_command_log) - " + KEEP)) {
          return s.executeUpdate();
        }
      });
    }
  }

  /** The newest {@code limit} commands, newest first. */
  public List<Entry> recent(int limit) {
    return jdbc.call("command_log_recent", "reading the command log", c -> {
      List<Entry> out = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT at_ms, command, outcome, room_id, sender, millis"
          + " FROM steward_command_log ORDER BY seq DESC")) {
        s.setMaxRows(limit);
        try (ResultSet r = s.executeQuery()) {
          while (r.next() && out.size() < limit) {
            out.add(new Entry(Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getString(3), r.getString(4),
                r.getString(5), r.getLong(6)));
          }
        }
      }
      return out;
    });
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}

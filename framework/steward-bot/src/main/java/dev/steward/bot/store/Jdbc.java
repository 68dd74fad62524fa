package dev.steward.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** One statement at a time on a pooled connection, with SQLException turned into {@link StoreException}. */
final class Jdbc {
  /** SQLState of a unique or primary key violation; H2 and PostgreSQL both use it. */
  static final String DUPLICATE_KEY = "23505";

  /** Work to do on a borrowed connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private volatile StoreObserver observer = StoreObserver.NONE;

  Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void observer(StoreObserver observer) {
    this.observer = observer;
  }

  /**
   * Runs work on a connection in auto-commit mode, so each statement is its own transaction.
   *
   * @param name the operation's fixed name for the timings, e.g. {@code state_get}
   * @param operation what is done, for the error message
   */
  <T> T call(String name, String operation, Work<T> work) {
    long start = System.nanoTime();
    boolean failed = true;
    try (Connection connection = dataSource.getConnection()) {
      T result = work.run(connection);
      failed = false;
      return result;
    } catch (SQLException e) {
      throw new StoreException(operation, e);
    } finally {
      observer.operation(name, System.nanoTime() - start, failed);
    }
  }

  /** Runs an INSERT, UPDATE, DELETE or MERGE with string parameters; returns the row count. */
  int update(String name, String operation, String sql, String... params) {
    return call(name, operation, c -> update(c, sql, params));
  }

  /**
   * Runs an upsert. H2's MERGE is update-then-insert, so two writers creating the same row at once can collide on
   * the key; the second attempt then finds the row and updates it.
   */
  void upsert(String name, String operation, String sql, String... params) {
    call(name, operation, c -> {
      try {
        return update(c, sql, params);
      } catch (SQLException e) {
        if (!isDuplicateKey(e)) {
          throw e;
        }
        return update(c, sql, params);
      }
    });
  }

  /** The first column of the first row, or empty when there is no row. */
  Optional<String> queryString(String name, String operation, String sql, String... params) {
    return call(name, operation, c -> {
      try (PreparedStatement statement = prepare(c, sql, params); ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
      }
    });
  }

  static int update(Connection connection, String sql, String... params) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, params)) {
      return statement.executeUpdate();
    }
  }

  static PreparedStatement prepare(Connection connection, String sql, String... params) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < params.length; i++) {
        statement.setString(i + 1, params[i]);
      }
      return statement;
    } catch (SQLException e) {
      try {
        statement.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  static boolean isDuplicateKey(SQLException e) {
    return DUPLICATE_KEY.equals(e.getSQLState());
  }
}

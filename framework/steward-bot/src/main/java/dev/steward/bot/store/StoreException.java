package dev.steward.bot.store;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * A store operation that failed, usually because of the database. The message says which operation and why; it
 * never contains a password.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String sqlState;

  /** The operation (a phrase such as {@code "saving the sync token of @bot:example.org"}) failed because of cause. */
  public StoreException(String operation, Throwable cause) {
    super(Objects.requireNonNull(operation, "operation") + " failed: " + describe(cause), cause);
    SQLException sql = firstSqlException(cause);
    this.sqlState = sql == null ? null : sql.getSQLState();
  }

  /** The SQLState of the database error behind this failure, when there was one. */
  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown cause";
    }
    // Pool and migration errors wrap the driver's error; the driver's own words are the useful part.
    SQLException sql = firstSqlException(cause);
    Throwable reason = sql != null ? sql : cause;
    String text = reason.getMessage() != null ? reason.getMessage() : reason.getClass().getSimpleName();
    return sql != null && sql.getSQLState() != null ? text + " [SQLState " + sql.getSQLState() + "]" : text;
  }

  private static SQLException firstSqlException(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}

package dev.steward.bot.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Hands Quartz connections from the store's pool, so jobs and runtime share one database and one pool. */
final class DataSourceConnectionProvider implements ConnectionProvider {
  private final DataSource dataSource;

  DataSourceConnectionProvider(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  public void shutdown() {
    // The store owns the pool and closes it after the scheduler.
  }

  @Override
  public void initialize() {
    // The pool is open before the scheduler is built.
  }
}

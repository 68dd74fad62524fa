package dev.steward.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The store contract on a fresh in-memory H2 database per test. */
class H2MemoryStoreTest extends StoreContract {
  // DB_CLOSE_DELAY=-1 keeps the database while no connection is open, so restart() finds the data again.
  private final String url = "jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Override
  protected StewardStore openStore() {
    return StewardStore.open(url, "sa", "");
  }

  @Test
  void migratesASchemaThatAlreadyHoldsOtherTables() throws SQLException {
    String otherUrl = "jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (Connection c = DriverManager.getConnection(otherUrl, "sa", ""); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE qrtz_like_other_module (id BIGINT PRIMARY KEY)");
    }

    try (StewardStore shared = StewardStore.open(otherUrl, "sa", "")) {
      shared.state(namespace).put("k", "v");

      assertThat(shared.state(namespace).get("k")).contains("v");
    }
  }
}

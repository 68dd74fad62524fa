package dev.steward.bot.store;

import org.junit.jupiter.api.BeforeAll;

/** The encryption state on the dev PostgreSQL (started by its script when not running, never skipped). */
class PostgresCryptoStoreIT extends CryptoStoreContract {
  @Override
  protected StewardStore openStore() {
    return StewardStore.open("jdbc:postgresql://127.0.0.1:5432/steward_test", "steward", "steward");
  }

  @BeforeAll
  static void ensurePostgresIsRunning() throws Exception {
    PostgresStoreIT.ensurePostgresIsRunning();
  }
}

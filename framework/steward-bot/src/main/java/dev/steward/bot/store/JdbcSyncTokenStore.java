package dev.steward.bot.store;

import dev.steward.client.SyncTokenStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The sync token of one account, in the steward_sync_token table. */
final class JdbcSyncTokenStore implements SyncTokenStore {
  private static final String SELECT = "SELECT token FROM steward_sync_token WHERE account_key = ?";

  private final Jdbc jdbc;
  private final String account;
  private final String upsert;

  JdbcSyncTokenStore(Jdbc jdbc, Dialect dialect, String account) {
    this.jdbc = jdbc;
    this.account = account;
    this.upsert = dialect.upsert("steward_sync_token", List.of("account_key"), List.of("token"));
  }

  @Override
  public Optional<String> load() {
    return jdbc.queryString("sync_token_load", "loading the sync token of " + account, SELECT, account);
  }

  @Override
  public void save(String token) {
    Objects.requireNonNull(token, "token");
    jdbc.upsert("sync_token_save", "saving the sync token of " + account, upsert, account, token);
  }
}

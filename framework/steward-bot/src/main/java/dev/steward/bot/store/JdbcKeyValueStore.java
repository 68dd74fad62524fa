package dev.steward.bot.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** One namespace of bot state, in the steward_state table. */
final class JdbcKeyValueStore implements KeyValueStore {
  private static final String SELECT =
      "SELECT state_value FROM steward_state WHERE namespace = ? AND state_key = ?";
  private static final String SELECT_ALL =
      "SELECT state_key, state_value FROM steward_state WHERE namespace = ?";
  private static final String DELETE = "DELETE FROM steward_state WHERE namespace = ? AND state_key = ?";

  private final Jdbc jdbc;
  private final String namespace;
  private final String upsert;

  JdbcKeyValueStore(Jdbc jdbc, Dialect dialect, String namespace) {
    this.jdbc = jdbc;
    this.namespace = namespace;
    this.upsert = dialect.upsert("steward_state", List.of("namespace", "state_key"), List.of("state_value"));
  }

  @Override
  public Optional<String> get(String key) {
    Objects.requireNonNull(key, "key");
    return jdbc.queryString("state_get", "reading " + describe(key), SELECT, namespace, key);
  }

  @Override
  public void put(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    jdbc.upsert("state_put", "writing " + describe(key), upsert, namespace, key, value);
  }

  @Override
  public boolean delete(String key) {
    Objects.requireNonNull(key, "key");
    return jdbc.update("state_delete", "deleting " + describe(key), DELETE, namespace, key) > 0;
  }

  @Override
  public Map<String, String> all() {
    return jdbc.call("state_all", "reading all state in namespace '" + namespace + "'", c -> {
      // Sorted in Java, not by ORDER BY, because H2 and PostgreSQL collate strings differently.
      Map<String, String> entries = new TreeMap<>();
      try (PreparedStatement statement = Jdbc.prepare(c, SELECT_ALL, namespace);
          ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          entries.put(rows.getString(1), rows.getString(2));
        }
      }
      return Collections.unmodifiableMap(entries);
    });
  }

  private String describe(String key) {
    return "state '" + key + "' in namespace '" + namespace + "'";
  }
}

package dev.steward.bot.config;

import java.util.Objects;

/**
 * The database holding the sync token, dedupe window and bot state.
 *
 * <p>{@link #toString()} never shows the password, so the record is safe to log.
 *
 * @param url JDBC URL, {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
 * @param username database user; empty for H2's default
 * @param password database password; empty for none
 */
public record StorageConfig(String url, String username, String password) {
  /** An H2 file next to the working directory: nothing to install for a first run. */
  public static final String DEFAULT_URL = "jdbc:h2:file:./data/steward";

  /** Accepts only the databases Steward ships drivers and migrations for. */
  public StorageConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new ConfigException("url", "must start with 'jdbc:h2:' or 'jdbc:postgresql:', found '" + url + "'");
    }
  }

  /** The values used for missing keys, and for the whole section when {@code storage:} is absent. */
  public static StorageConfig defaults() {
    return new StorageConfig(DEFAULT_URL, "", "");
  }

  @Override
  public String toString() {
    return "StorageConfig[url=" + url + ", username=" + username + ", password="
        + (password.isEmpty() ? "<unset>" : "<hidden>") + "]";
  }
}

package dev.steward.client;

import java.util.Optional;

/** A token store that forgets everything when the process ends; for tests and throw-away bots. */
public final class InMemorySyncTokenStore implements SyncTokenStore {
  private volatile String token;

  @Override
  public Optional<String> load() {
    return Optional.ofNullable(token);
  }

  @Override
  public void save(String token) {
    this.token = token;
  }
}

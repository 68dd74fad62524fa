package dev.steward.client;

import java.util.Optional;

/**
 * Where a {@link SyncLoop} keeps its {@code next_batch} token. The loop saves a token only after the consumer has
 * handled its batch, so a crash re-delivers the last batch instead of losing it.
 */
public interface SyncTokenStore {
  /** The last saved token, or empty before the first batch. */
  Optional<String> load();

  /** Saves the token of a fully handled batch. */
  void save(String token);
}

package dev.steward.bot.store;

import java.util.Map;
import java.util.Optional;

/**
 * A bot's own durable state in one namespace: string keys to string values (typically JSON), values up to several
 * megabytes. Each call is its own transaction, committed at once (an H2 file writes it to disk within half a second).
 */
public interface KeyValueStore {
  /** The value stored under key, or empty. */
  Optional<String> get(String key);

  /** Stores value under key, replacing any earlier value. */
  void put(String key, String value);

  /** Removes key; true when there was a value to remove. */
  boolean delete(String key);

  /** Every key and value in this namespace, sorted by key; a snapshot, not a live view. */
  Map<String, String> all();
}

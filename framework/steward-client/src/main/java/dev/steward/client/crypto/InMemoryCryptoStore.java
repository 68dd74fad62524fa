package dev.steward.client.crypto;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link CryptoStore} in memory: for tests, and for bots that accept a new device (and lost sessions) per start. */
public final class InMemoryCryptoStore implements CryptoStore {
  private final Map<String, TreeMap<String, String>> kinds = new LinkedHashMap<>();

  @Override
  public synchronized Optional<String> get(String kind, String key) {
    TreeMap<String, String> records = kinds.get(kind);
    return records == null ? Optional.empty() : Optional.ofNullable(records.get(key));
  }

  @Override
  public synchronized Map<String, String> scan(String kind, String keyPrefix) {
    TreeMap<String, String> records = kinds.get(kind);
    Map<String, String> out = new LinkedHashMap<>();
    if (records != null) {
      for (Map.Entry<String, String> e : records.tailMap(keyPrefix, true).entrySet()) {
        if (!e.getKey().startsWith(keyPrefix)) {
          break;
        }
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  @Override
  public synchronized void write(List<Write> writes) {
    for (Write w : writes) {
      if (w.value() == null) {
        TreeMap<String, String> records = kinds.get(w.kind());
        if (records != null) {
          records.remove(w.key());
        }
      } else {
        kinds.computeIfAbsent(w.kind(), k -> new TreeMap<>()).put(w.key(), w.value());
      }
    }
  }
}

package dev.steward.client;

import dev.steward.client.crypto.CryptoException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What encryption refused, logged once per cause (where it happened and why): a flood of bad messages makes one WARN
 * line and a counter, not a line per message. The counts are kept for a status page.
 */
final class RefusalLog {
  private static final Logger log = LoggerFactory.getLogger(Encryption.class);
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  /** Counts a refusal; logs it at WARN the first time its cause is seen, else at DEBUG. */
  void refuse(String where, String cause, String detail) {
    String key = where + ": " + cause;
    AtomicLong count = counts.computeIfAbsent(key, k -> new AtomicLong());
    if (count.getAndIncrement() == 0) {
      log.warn("encryption: {} refused ({}): {} (later refusals for this cause are counted, not logged)", where,
          cause, detail);
    } else {
      log.debug("encryption: {} refused ({}): {}", where, cause, detail);
    }
  }

  void refuse(String where, CryptoException e) {
    refuse(where, e.reason().name(), e.getMessage());
  }

  /** Refusals so far, by cause ({@code where: cause}). */
  Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}

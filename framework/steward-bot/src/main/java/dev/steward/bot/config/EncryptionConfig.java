package dev.steward.bot.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * End-to-end encryption: whether the bot reads and writes encrypted rooms, and the passphrase that seals its keys in
 * the store.
 *
 * <p>{@link #toString()} never shows the store key, so the record is safe to log.
 *
 * @param enabled whether the bot's device does end-to-end encryption
 * @param storeKey passphrase the device's keys and sessions are encrypted with in the store (AES-256-GCM under a key
 *     derived with PBKDF2-HMAC-SHA256); at least 16 characters, required when enabled, usually
 *     {@code ${STEWARD_STORE_KEY}}. Losing it loses the device's sessions; empty counts as unset
 * @param keyWait how long an encrypted event whose room key has not arrived waits for it before it is reported as
 *     undecryptable; more than zero, at most a day
 * @param crossSigning whether the bot sets up cross-signing for its account and signs its device, so clients that
 *     hide unverified devices' messages show the bot's
 */
public record EncryptionConfig(boolean enabled, Optional<String> storeKey, Duration keyWait, boolean crossSigning) {
  /** The shortest passphrase accepted: guessing it is what the key derivation slows down, not prevents. */
  public static final int MIN_STORE_KEY_LENGTH = 16;
  private static final Duration MAX_KEY_WAIT = Duration.ofDays(1);

  /** Requires a store key when enabled and checks the wait; every problem is reported. */
  public EncryptionConfig {
    // An unset variable with an empty default (${KEY:-}) must read as "no key", not as a key of "".
    storeKey = Objects.requireNonNull(storeKey, "storeKey").filter(s -> !s.isEmpty());
    Objects.requireNonNull(keyWait, "keyWait");
    Problems problems = new Problems();
    if (enabled && storeKey.isEmpty()) {
      problems.add("store_key", "is required when encryption.enabled is true: the passphrase the bot's keys are"
          + " encrypted with in the store, e.g. store_key: ${STEWARD_STORE_KEY}");
    }
    if (storeKey.isPresent() && storeKey.get().length() < MIN_STORE_KEY_LENGTH) {
      problems.add("store_key", "must be a secret of at least " + MIN_STORE_KEY_LENGTH + " characters");
    }
    if (keyWait.isNegative() || keyWait.isZero() || keyWait.compareTo(MAX_KEY_WAIT) > 0) {
      problems.add("key_wait", "must be longer than zero and at most " + Durations.format(MAX_KEY_WAIT) + ", found "
          + Durations.format(keyWait));
    }
    problems.throwIfAny();
  }

  /** Off; a wait of ten minutes and cross-signing once it is turned on. */
  public static EncryptionConfig defaults() {
    return new EncryptionConfig(false, Optional.empty(), Duration.ofMinutes(10), true);
  }

  @Override
  public String toString() {
    return "EncryptionConfig[enabled=" + enabled + ", storeKey=" + (storeKey.isPresent() ? "<hidden>" : "<unset>")
        + ", keyWait=" + Durations.format(keyWait) + ", crossSigning=" + crossSigning + "]";
  }
}

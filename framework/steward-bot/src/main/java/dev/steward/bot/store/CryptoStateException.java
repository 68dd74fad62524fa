package dev.steward.bot.store;

import java.util.Objects;

/**
 * The encryption state in the store cannot be used as it is: the key does not open it, or it lacks its check record,
 * or a record no longer opens. Never answered by making new keys, which would break every existing session.
 */
public final class CryptoStateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the state cannot be used. */
  public enum Reason {
    /** The key does not open the store's check record: another passphrase than the one it was written with. */
    WRONG_KEY,
    /** Encryption state exists but its check record (or key parameters) does not: written by something else, or cut. */
    NO_CHECK_RECORD,
    /** A record does not open although the check record did: altered, or copied from another record. */
    DAMAGED_RECORD
  }

  private final Reason reason;

  /** A failure for {@code reason}, described by {@code message}. */
  public CryptoStateException(Reason reason, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the state cannot be used. */
  public Reason reason() {
    return reason;
  }
}

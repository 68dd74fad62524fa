package dev.steward.client.crypto;

import java.util.Objects;

/**
 * Olm or Megolm refused an input: a message that does not parse, a MAC or signature that does not verify, a session
 * or key it does not know, or a replayed message index. {@link #reason()} says which, so a caller can act on it
 * (ask for a key, drop a replay, report a forgery) without reading the message text.
 */
public final class CryptoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the input was refused. */
  public enum Reason {
    /** Bytes or base64 that do not have the documented format, or an unsupported version byte. */
    MALFORMED,
    /** The message authentication code does not match: tampered, or encrypted with another key. */
    BAD_MAC,
    /** An Ed25519 signature does not verify with the key it should come from. */
    BAD_SIGNATURE,
    /** The message belongs to another session, or names a one-time key this account does not have. */
    UNKNOWN_SESSION,
    /** The message's key is gone: already used, skipped too long ago, or before the session's first known index. */
    UNKNOWN_MESSAGE_INDEX,
    /** The message is further ahead in its chain than this implementation is willing to ratchet. */
    TOO_FAR_AHEAD,
    /** A Megolm message index already decrypted for a different event: a replay. */
    REPLAYED_INDEX,
    /**
     * A decrypted payload addressed to another recipient, from another sender or for another room than the event
     * that carried it (a forwarded or reflected message).
     */
    MISADDRESSED,
    /** A serialised state that cannot be read back (another format, or corrupted). */
    BAD_STATE
  }

  private final Reason reason;

  /** A refusal for {@code reason}, {@code message} saying what was wrong (used by the layers above, too). */
  public CryptoException(Reason reason, String message) {
    super(Objects.requireNonNull(reason, "reason") + ": " + message);
    this.reason = reason;
  }

  CryptoException(Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(reason, "reason") + ": " + message, cause);
    this.reason = reason;
  }

  /** Why the input was refused. */
  public Reason reason() {
    return reason;
  }
}

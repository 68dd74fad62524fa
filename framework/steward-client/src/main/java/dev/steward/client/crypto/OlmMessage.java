package dev.steward.client.crypto;

import java.util.Objects;

/**
 * An Olm ciphertext as it travels in an {@code m.olm.v1.curve25519-aes-sha2} event: its type ({@link #PRE_KEY} until
 * the sender has heard back, then {@link #NORMAL}) and its body in unpadded base64.
 */
public record OlmMessage(int type, String body) {
  /** A message that can start a session on the receiving side. */
  public static final int PRE_KEY = 0;
  /** A message of an established session. */
  public static final int NORMAL = 1;

  /** A message; the type must be 0 or 1. */
  public OlmMessage {
    Objects.requireNonNull(body, "body");
    if (type != PRE_KEY && type != NORMAL) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "Olm message type " + type + " is neither 0 nor 1");
    }
  }

  /** Whether this is a pre-key message. */
  public boolean isPreKey() {
    return type == PRE_KEY;
  }
}

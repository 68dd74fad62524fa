package dev.steward.client.crypto;

import java.util.Base64;
import java.util.Objects;

/** Base64 as Matrix writes keys, signatures and ciphertexts: the standard alphabet without {@code =} padding. */
public final class UnpaddedBase64 {
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

  private UnpaddedBase64() {}

  /** Encodes without padding. */
  public static String encode(byte[] bytes) {
    return ENCODER.encodeToString(Objects.requireNonNull(bytes, "bytes"));
  }

  /**
   * Decodes unpadded (and, leniently, padded) base64.
   *
   * @throws CryptoException {@link CryptoException.Reason#MALFORMED} when the text is not base64
   */
  public static byte[] decode(String text) {
    Objects.requireNonNull(text, "text");
    try {
      // The JDK decoder accepts missing padding; url-safe or whitespace-laden text is refused.
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "not base64: " + e.getMessage());
    }
  }
}

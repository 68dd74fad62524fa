package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A private Ed25519 cross-signing key (master, self-signing or user-signing): it signs JSON objects as Matrix does,
 * under {@code signatures.<user id>."ed25519:"+publicKey}. Kept as its 32-byte seed in unpadded base64 (the form
 * other clients keep these keys in); {@link #toString()} never shows it.
 */
public final class SigningKey {
  private final Ed25519Pair pair;

  private SigningKey(Ed25519Pair pair) {
    this.pair = pair;
  }

  /** A new random key. */
  public static SigningKey generate() {
    return new SigningKey(Ed25519Pair.generate());
  }

  /**
   * The key whose seed {@link #seed()} gave.
   *
   * @throws CryptoException {@code BAD_STATE} when the text is not the base64 of a 32-byte seed
   */
  public static SigningKey fromSeed(String seed) {
    byte[] bytes;
    try {
      bytes = UnpaddedBase64.decode(Objects.requireNonNull(seed, "seed"));
    } catch (CryptoException e) {
      throw new CryptoException(CryptoException.Reason.BAD_STATE, "a signing key seed is not base64");
    }
    if (bytes.length != Primitives.KEY_LENGTH) {
      throw new CryptoException(CryptoException.Reason.BAD_STATE,
          "a signing key seed has 32 bytes, not " + bytes.length);
    }
    return new SigningKey(Ed25519Pair.fromSeed(bytes));
  }

  /** The private seed, unpadded base64: store it encrypted. */
  public String seed() {
    return UnpaddedBase64.encode(pair.seed());
  }

  /** The public key, unpadded base64 (it is also the key's id after {@code ed25519:}). */
  public String publicKey() {
    return pair.publicBase64();
  }

  /** {@code ed25519:<public key>}, the id its signatures are filed under. */
  public String keyId() {
    return "ed25519:" + publicKey();
  }

  /**
   * Adds this key's signature by {@code userId} to the object, in place: over its canonical JSON without
   * {@code signatures} and {@code unsigned}, filed under {@code signatures.userId.keyId()}. Other signatures stay.
   */
  public ObjectNode sign(ObjectNode object, String userId) {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(userId, "userId");
    ObjectNode unsigned = object.deepCopy();
    unsigned.remove("signatures");
    unsigned.remove("unsigned");
    byte[] signed = CanonicalJson.encode(unsigned).getBytes(StandardCharsets.UTF_8);
    String signature = UnpaddedBase64.encode(pair.sign(signed));
    ObjectNode signatures = object.get("signatures") instanceof ObjectNode s ? s : object.putObject("signatures");
    ObjectNode byUser = signatures.get(userId) instanceof ObjectNode u ? u : signatures.putObject(userId);
    byUser.put(keyId(), signature);
    return object;
  }

  @Override
  public String toString() {
    return "SigningKey[" + keyId() + "]";
  }
}

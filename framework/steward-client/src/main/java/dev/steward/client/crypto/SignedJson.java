package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Signing JSON objects as Matrix does (device keys, one-time keys, cross-signing): the signature covers the
 * canonical JSON of the object without its {@code signatures} and {@code unsigned} members, and is added under
 * {@code signatures.<user id>.<key id>}.
 */
public final class SignedJson {
  private SignedJson() {}

  /** Adds this account's signature to the object (in place) as {@code signatures.userId."ed25519:"+deviceId}. */
  public static ObjectNode sign(ObjectNode object, String userId, String deviceId, OlmAccount account) {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(deviceId, "deviceId");
    String signature = account.sign(signedBytes(object));
    ObjectNode signatures = object.has("signatures") && object.get("signatures").isObject()
        ? (ObjectNode) object.get("signatures") : object.putObject("signatures");
    ObjectNode byUser = signatures.has(userId) && signatures.get(userId).isObject()
        ? (ObjectNode) signatures.get(userId) : signatures.putObject(userId);
    byUser.put("ed25519:" + deviceId, signature);
    return object;
  }

  /**
   * Checks the object's signature by {@code userId} under {@code keyId} (such as {@code ed25519:DEVICE}) with an
   * Ed25519 public key.
   *
   * @throws CryptoException {@code BAD_SIGNATURE} when the signature is missing or does not verify
   */
  public static void verify(JsonNode object, String userId, String keyId, String ed25519Key) {
    Objects.requireNonNull(object, "object");
    JsonNode signature = object.path("signatures").path(userId).path(keyId);
    if (!signature.isTextual()) {
      throw new CryptoException(CryptoException.Reason.BAD_SIGNATURE, "no signature by " + userId + " with " + keyId);
    }
    verifyEd25519(ed25519Key, signedBytes(object), signature.asText());
  }

  /**
   * Checks an Ed25519 signature (unpadded base64) of a message by a public key (unpadded base64).
   *
   * @throws CryptoException {@code BAD_SIGNATURE} when it does not verify, or key or signature is malformed
   */
  public static void verifyEd25519(String ed25519Key, byte[] message, String signature) {
    Objects.requireNonNull(message, "message");
    byte[] key;
    byte[] sig;
    try {
      key = UnpaddedBase64.decode(Objects.requireNonNull(ed25519Key, "ed25519Key"));
      sig = UnpaddedBase64.decode(Objects.requireNonNull(signature, "signature"));
    } catch (CryptoException e) {
      throw new CryptoException(CryptoException.Reason.BAD_SIGNATURE, "key or signature is not base64");
    }
    if (!Primitives.ed25519Verify(key, message, sig)) {
      throw new CryptoException(CryptoException.Reason.BAD_SIGNATURE, "the Ed25519 signature does not verify");
    }
  }

  private static byte[] signedBytes(JsonNode object) {
    if (!object.isObject()) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "only a JSON object can be signed");
    }
    ObjectNode copy = ((ObjectNode) object).deepCopy();
    copy.remove("signatures");
    copy.remove("unsigned");
    return CanonicalJson.encode(copy).getBytes(StandardCharsets.UTF_8);
  }
}

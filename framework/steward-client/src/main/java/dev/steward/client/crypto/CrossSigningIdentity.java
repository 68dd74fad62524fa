package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's cross-signing public keys as {@code /keys/query} returns them ({@code master_keys},
 * {@code self_signing_keys}, {@code user_signing_keys}), checked: each names the user and its usage and holds one
 * Ed25519 key filed under its own id, and the self-signing and user-signing keys are signed by the master key. With
 * it, {@link #verifyDevice} tells whether the user's own self-signing key vouches for one of their devices.
 *
 * @param userId the user
 * @param masterKey the master key, unpadded base64
 * @param selfSigningKey the self-signing key, or null when the server has none for the user
 * @param userSigningKey the user-signing key, or null (servers return it only to the user themselves)
 */
public record CrossSigningIdentity(String userId, String masterKey, String selfSigningKey, String userSigningKey) {
  /** The usage of a master key. */
  public static final String MASTER = "master";
  /** The usage of a self-signing key. */
  public static final String SELF_SIGNING = "self_signing";
  /** The usage of a user-signing key. */
  public static final String USER_SIGNING = "user_signing";

  public CrossSigningIdentity {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(masterKey, "masterKey");
  }

  /**
   * The checked cross-signing keys of {@code userId} in a {@code /keys/query} answer; empty when the answer has no
   * master key for the user (they have not set up cross-signing).
   *
   * @throws CryptoException {@code MALFORMED} when a key object is not as the specification describes,
   *     {@code MISADDRESSED} when it names another user or usage, {@code BAD_SIGNATURE} when the self-signing or
   *     user-signing key is not signed by the master key
   */
  public static Optional<CrossSigningIdentity> fromQuery(JsonNode answer, String userId) {
    Optional<String> master = masterKeyOf(answer, userId);
    if (master.isEmpty()) {
      return Optional.empty();
    }
    String selfSigning = signedByMaster(answer.path("self_signing_keys").get(userId), userId, SELF_SIGNING,
        master.get());
    String userSigning = signedByMaster(answer.path("user_signing_keys").get(userId), userId, USER_SIGNING,
        master.get());
    return Optional.of(new CrossSigningIdentity(userId, master.get(), selfSigning, userSigning));
  }

  /**
   * The master key of {@code userId} in a {@code /keys/query} answer, its form checked (a master key carries no
   * signature of its own to check); empty when there is none.
   *
   * @throws CryptoException {@code MALFORMED} or {@code MISADDRESSED} as {@link #fromQuery} says
   */
  public static Optional<String> masterKeyOf(JsonNode answer, String userId) {
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(userId, "userId");
    JsonNode master = answer.path("master_keys").get(userId);
    if (master == null || master.isNull()) {
      return Optional.empty();
    }
    return Optional.of(keyOf(master, userId, MASTER));
  }

  /**
   * Checks that {@code device} is one of this user's devices and carries a valid signature by their self-signing key.
   *
   * @throws CryptoException {@code MISADDRESSED} for another user's device, {@code BAD_SIGNATURE} when the user has
   *     no self-signing key or the device's signature by it is missing or does not verify
   */
  public void verifyDevice(DeviceKeys device) {
    Objects.requireNonNull(device, "device");
    if (!device.userId().equals(userId)) {
      throw new CryptoException(CryptoException.Reason.MISADDRESSED, "device " + device.deviceId() + " belongs to "
          + device.userId() + ", not " + userId);
    }
    if (selfSigningKey == null) {
      throw new CryptoException(CryptoException.Reason.BAD_SIGNATURE, userId + " has no self-signing key");
    }
    SignedJson.verify(device.json(), userId, "ed25519:" + selfSigningKey, selfSigningKey);
  }

  /** Whether {@code device} is this user's and signed by their self-signing key ({@link #verifyDevice} passes). */
  public boolean isCrossSigned(DeviceKeys device) {
    try {
      verifyDevice(device);
      return true;
    } catch (CryptoException e) {
      return false;
    }
  }

  private static String signedByMaster(JsonNode object, String userId, String usage, String masterKey) {
    if (object == null || object.isNull()) {
      return null;
    }
    String key = keyOf(object, userId, usage);
    SignedJson.verify(object, userId, "ed25519:" + masterKey, masterKey);
    return key;
  }

  /** The one Ed25519 public key of a cross-signing key object, after checking its user, usage and form. */
  private static String keyOf(JsonNode object, String userId, String usage) {
    if (!object.isObject()) {
      throw malformed(userId, usage, "is not an object");
    }
    JsonNode owner = object.get("user_id");
    if (owner == null || !owner.isTextual()) {
      throw malformed(userId, usage, "has no user_id");
    }
    if (!owner.asText().equals(userId)) {
      throw new CryptoException(CryptoException.Reason.MISADDRESSED, "the " + usage + " key listed for " + userId
          + " names " + owner.asText());
    }
    JsonNode usages = object.get("usage");
    boolean hasUsage = false;
    if (usages != null && usages.isArray()) {
      for (JsonNode u : usages) {
        hasUsage |= usage.equals(u.asText());
      }
    }
    if (!hasUsage) {
      throw new CryptoException(CryptoException.Reason.MISADDRESSED, "the " + usage + " key of " + userId
          + " is not marked for usage " + usage + ": " + usages);
    }
    JsonNode keys = object.get("keys");
    if (keys == null || !keys.isObject() || keys.size() != 1) {
      throw malformed(userId, usage, "does not hold exactly one key");
    }
    Iterator<Map.Entry<String, JsonNode>> it = keys.fields();
    Map.Entry<String, JsonNode> only = it.next();
    String key = only.getValue().asText("");
    if (!only.getValue().isTextual() || !only.getKey().equals("ed25519:" + key)) {
      throw malformed(userId, usage, "does not hold an Ed25519 key filed under its own id");
    }
    byte[] raw = UnpaddedBase64.decode(key);
    if (raw.length != Primitives.KEY_LENGTH) {
      throw malformed(userId, usage, "holds a key of " + raw.length + " bytes");
    }
    return key;
  }

  private static CryptoException malformed(String userId, String usage, String problem) {
    return new CryptoException(CryptoException.Reason.MALFORMED, "the " + usage + " key of " + userId + " " + problem);
  }
}

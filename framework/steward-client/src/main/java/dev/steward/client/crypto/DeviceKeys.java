package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A device's identity keys as the Client-Server API publishes them ({@code device_keys} of {@code /keys/upload} and
 * {@code /keys/query}): user id, device id, the algorithms it speaks, its Curve25519 and Ed25519 keys, and its
 * self-signature. One built by {@link #of} is signed by the account; one read by {@link #verified} has had its
 * self-signature and addressing checked, so its keys can be used.
 *
 * @param userId the user the device belongs to
 * @param deviceId the device id
 * @param algorithms the encryption algorithms the device supports
 * @param curve25519Key its {@code curve25519:<device>} key, unpadded base64
 * @param ed25519Key its {@code ed25519:<device>} key, unpadded base64
 * @param json the signed object as published (a copy is handed out)
 */
public record DeviceKeys(String userId, String deviceId, List<String> algorithms, String curve25519Key,
                         String ed25519Key, ObjectNode json) {
  /** Olm, the to-device algorithm. */
  public static final String OLM_ALGORITHM = "m.olm.v1.curve25519-aes-sha2";
  /** Megolm, the room algorithm. */
  public static final String MEGOLM_ALGORITHM = "m.megolm.v1.aes-sha2";
  /** The key algorithm of signed one-time and fallback keys. */
  public static final String SIGNED_CURVE25519 = "signed_curve25519";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public DeviceKeys {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(deviceId, "deviceId");
    algorithms = List.copyOf(algorithms);
    Objects.requireNonNull(curve25519Key, "curve25519Key");
    Objects.requireNonNull(ed25519Key, "ed25519Key");
    json = Objects.requireNonNull(json, "json").deepCopy();
  }

  @Override
  public ObjectNode json() {
    return json.deepCopy();
  }

  /** This account's device keys for {@code userId} / {@code deviceId}, signed with its Ed25519 key. */
  public static DeviceKeys of(OlmAccount account, String userId, String deviceId) {
    Objects.requireNonNull(account, "account");
    ObjectNode object = MAPPER.createObjectNode();
    object.put("user_id", Objects.requireNonNull(userId, "userId"));
    object.put("device_id", Objects.requireNonNull(deviceId, "deviceId"));
    object.putArray("algorithms").add(OLM_ALGORITHM).add(MEGOLM_ALGORITHM);
    ObjectNode keys = object.putObject("keys");
    keys.put("curve25519:" + deviceId, account.curve25519Key());
    keys.put("ed25519:" + deviceId, account.ed25519Key());
    SignedJson.sign(object, userId, deviceId, account);
    return new DeviceKeys(userId, deviceId, List.of(OLM_ALGORITHM, MEGOLM_ALGORITHM), account.curve25519Key(),
        account.ed25519Key(), object);
  }

  /**
   * Reads a device-keys object found under {@code device_keys.<userId>.<deviceId>} and checks it: the object names
   * that same user and device, has both keys, and is signed by its own Ed25519 key.
   *
   * @throws CryptoException {@code MALFORMED} when a field is missing or of the wrong type, {@code MISADDRESSED} when
   *     the object names another user or device than where it sits, {@code BAD_SIGNATURE} when its self-signature is
   *     missing or does not verify
   */
  public static DeviceKeys verified(JsonNode object, String userId, String deviceId) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(deviceId, "deviceId");
    if (object == null || !object.isObject()) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "device keys of " + userId + " " + deviceId
          + " are not an object");
    }
    String claimedUser = text(object, "user_id", userId, deviceId);
    String claimedDevice = text(object, "device_id", userId, deviceId);
    if (!claimedUser.equals(userId) || !claimedDevice.equals(deviceId)) {
      throw new CryptoException(CryptoException.Reason.MISADDRESSED, "device keys listed as " + userId + " "
          + deviceId + " name " + claimedUser + " " + claimedDevice);
    }
    JsonNode algorithmsNode = object.get("algorithms");
    if (algorithmsNode == null || !algorithmsNode.isArray()) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "device keys of " + userId + " " + deviceId
          + " have no algorithms list");
    }
    List<String> algorithms = new ArrayList<>();
    algorithmsNode.forEach(a -> {
      if (a.isTextual()) {
        algorithms.add(a.asText());
      }
    });
    JsonNode keys = object.get("keys");
    String curve = keys == null ? null : textOrNull(keys.get("curve25519:" + deviceId));
    String ed = keys == null ? null : textOrNull(keys.get("ed25519:" + deviceId));
    if (curve == null || ed == null) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "device keys of " + userId + " " + deviceId
          + " lack the curve25519 or ed25519 key");
    }
    SignedJson.verify(object, userId, "ed25519:" + deviceId, ed);
    return new DeviceKeys(userId, deviceId, algorithms, curve, ed, (ObjectNode) object);
  }

  /**
   * A one-time or fallback key object ({@code {"key": ..., "signatures": ...}}, with {@code "fallback": true} for a
   * fallback key) signed by this account, as {@code /keys/upload} takes under {@code signed_curve25519:<id>}.
   */
  public static ObjectNode signedKey(OlmAccount account, String userId, String deviceId, String publicKey,
                                     boolean fallback) {
    ObjectNode object = MAPPER.createObjectNode().put("key", Objects.requireNonNull(publicKey, "publicKey"));
    if (fallback) {
      object.put("fallback", true);
    }
    return SignedJson.sign(object, userId, deviceId, account);
  }

  /**
   * Checks a signed one-time or fallback key claimed from this device and returns its public key.
   *
   * @throws CryptoException {@code MALFORMED} when it has no key, {@code BAD_SIGNATURE} when it is not signed by
   *     this device's Ed25519 key
   */
  public String verifySignedKey(JsonNode keyObject) {
    String key = keyObject == null || !keyObject.isObject() ? null : textOrNull(keyObject.get("key"));
    if (key == null) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "signed key of " + userId + " " + deviceId
          + " has no key");
    }
    SignedJson.verify(keyObject, userId, "ed25519:" + deviceId, ed25519Key);
    return key;
  }

  private static String text(JsonNode object, String field, String userId, String deviceId) {
    String value = textOrNull(object.get(field));
    if (value == null) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "device keys of " + userId + " " + deviceId
          + " have no " + field);
    }
    return value;
  }

  private static String textOrNull(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }
}

package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The content of a room {@code m.room.encrypted} event with {@code m.megolm.v1.aes-sha2}: the session id and the
 * Megolm ciphertext, plus the sender's Curve25519 key and device id, which newer senders may leave out (both are
 * then null).
 */
public record MegolmEncrypted(String sessionId, String ciphertext, String senderKey, String deviceId) {
  /** The algorithm name in the event content. */
  public static final String ALGORITHM = "m.megolm.v1.aes-sha2";

  /** Content; sender key and device id may be null. */
  public MegolmEncrypted {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(ciphertext, "ciphertext");
  }

  /** The event content as JSON. */
  public ObjectNode toContent() {
    ObjectNode content = State.object().put("algorithm", ALGORITHM);
    if (senderKey != null) {
      content.put("sender_key", senderKey);
    }
    if (deviceId != null) {
      content.put("device_id", deviceId);
    }
    return content.put("session_id", sessionId).put("ciphertext", ciphertext);
  }

  /**
   * Reads event content.
   *
   * @throws CryptoException {@code MALFORMED} naming the field that is missing or wrong
   */
  public static MegolmEncrypted fromContent(JsonNode content) {
    Objects.requireNonNull(content, "content");
    if (!ALGORITHM.equals(content.path("algorithm").asText())) {
      throw Proto.malformed("algorithm is " + content.path("algorithm") + ", not " + ALGORITHM);
    }
    return new MegolmEncrypted(Payloads.text(content, "session_id"), Payloads.text(content, "ciphertext"),
        content.path("sender_key").isTextual() ? content.get("sender_key").asText() : null,
        content.path("device_id").isTextual() ? content.get("device_id").asText() : null);
  }
}

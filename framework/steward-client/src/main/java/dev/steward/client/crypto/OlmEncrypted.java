package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The content of a to-device {@code m.room.encrypted} event with {@code m.olm.v1.curve25519-aes-sha2}: the sender's
 * Curve25519 key and one Olm message per recipient device, keyed by that device's Curve25519 key.
 */
public record OlmEncrypted(String senderKey, Map<String, OlmMessage> ciphertext) {
  /** The algorithm name in the event content. */
  public static final String ALGORITHM = "m.olm.v1.curve25519-aes-sha2";

  /** Content with at least one recipient. */
  public OlmEncrypted {
    Objects.requireNonNull(senderKey, "senderKey");
    ciphertext = Map.copyOf(Objects.requireNonNull(ciphertext, "ciphertext"));
  }

  /** The message for the device with this Curve25519 key. */
  public OlmMessage forRecipient(String curve25519Key) {
    OlmMessage message = ciphertext.get(curve25519Key);
    if (message == null) {
      throw new CryptoException(CryptoException.Reason.UNKNOWN_SESSION, "no Olm message for this device's key");
    }
    return message;
  }

  /** The event content as JSON. */
  public ObjectNode toContent() {
    ObjectNode content = State.object().put("algorithm", ALGORITHM).put("sender_key", senderKey);
    ObjectNode messages = content.putObject("ciphertext");
    ciphertext.forEach((key, message) ->
        messages.putObject(key).put("type", message.type()).put("body", message.body()));
    return content;
  }

  /**
   * Reads event content.
   *
   * @throws CryptoException {@code MALFORMED} naming the field that is missing or wrong
   */
  public static OlmEncrypted fromContent(JsonNode content) {
    Objects.requireNonNull(content, "content");
    if (!ALGORITHM.equals(content.path("algorithm").asText())) {
      throw Proto.malformed("algorithm is " + content.path("algorithm") + ", not " + ALGORITHM);
    }
    String senderKey = Payloads.text(content, "sender_key");
    JsonNode messages = content.path("ciphertext");
    if (!messages.isObject() || messages.isEmpty()) {
      throw Proto.malformed("ciphertext is not an object of messages");
    }
    Map<String, OlmMessage> ciphertext = new LinkedHashMap<>();
    messages.fields().forEachRemaining(entry -> {
      JsonNode type = entry.getValue().path("type");
      if (!type.canConvertToInt()) {
        throw Proto.malformed("ciphertext." + entry.getKey() + ".type is not 0 or 1");
      }
      ciphertext.put(entry.getKey(), new OlmMessage(type.asInt(), Payloads.text(entry.getValue(), "body")));
    });
    return new OlmEncrypted(senderKey, ciphertext);
  }
}

package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The plaintext inside an Olm message: the to-device event's type and content, and who sent it to whom with which
 * Ed25519 keys. The receiver checks the addressing ({@link #checkAddressedTo}) so that a message cannot be reflected
 * or forwarded to it under another name (the unknown key-share attacks the Olm specification describes).
 */
public record OlmPayload(String type, JsonNode content, String sender, String senderEd25519, String recipient,
    String recipientEd25519) {
  /** A payload; every part is required. */
  public OlmPayload {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(senderEd25519, "senderEd25519");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(recipientEd25519, "recipientEd25519");
  }

  /** The JSON text to encrypt. */
  public String toJson() {
    ObjectNode node = State.object().put("type", type);
    node.set("content", content);
    node.put("sender", sender).put("recipient", recipient);
    node.putObject("recipient_keys").put("ed25519", recipientEd25519);
    node.putObject("keys").put("ed25519", senderEd25519);
    return node.toString();
  }

  /**
   * Reads a decrypted payload.
   *
   * @throws CryptoException {@code MALFORMED} naming the missing field
   */
  public static OlmPayload fromJson(String plaintext) {
    JsonNode node = Payloads.parseObject(Objects.requireNonNull(plaintext, "plaintext"), "the Olm payload");
    return new OlmPayload(Payloads.text(node, "type"), Payloads.object(node, "content"), Payloads.text(node, "sender"),
        Payloads.text(Payloads.object(node, "keys"), "ed25519"), Payloads.text(node, "recipient"),
        Payloads.text(Payloads.object(node, "recipient_keys"), "ed25519"));
  }

  /**
   * Checks that this payload came from the event's sender and was meant for us.
   *
   * @throws CryptoException {@code MISADDRESSED} naming which part differs
   */
  public void checkAddressedTo(String eventSender, String ownUserId, String ownEd25519) {
    if (!sender.equals(eventSender)) {
      throw misaddressed("the payload names sender " + sender + " but the event came from " + eventSender);
    }
    if (!recipient.equals(ownUserId)) {
      throw misaddressed("the payload is for " + recipient + ", not " + ownUserId);
    }
    if (!recipientEd25519.equals(ownEd25519)) {
      throw misaddressed("the payload is for another device's Ed25519 key");
    }
  }

  static CryptoException misaddressed(String why) {
    return new CryptoException(CryptoException.Reason.MISADDRESSED, why);
  }
}

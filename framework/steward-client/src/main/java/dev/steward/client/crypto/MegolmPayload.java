package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The plaintext inside a Megolm message: the room event's type and content, and the room it was sent to, which the
 * receiver checks ({@link #checkRoom}) so that an event cannot be replayed into another room.
 */
public record MegolmPayload(String type, JsonNode content, String roomId) {
  /** A payload; every part is required. */
  public MegolmPayload {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(roomId, "roomId");
  }

  /** The JSON text to encrypt. */
  public String toJson() {
    ObjectNode node = State.object().put("type", type);
    node.set("content", content);
    return node.put("room_id", roomId).toString();
  }

  /**
   * Reads a decrypted payload.
   *
   * @throws CryptoException {@code MALFORMED} naming the missing field
   */
  public static MegolmPayload fromJson(String plaintext) {
    JsonNode node = Payloads.parseObject(Objects.requireNonNull(plaintext, "plaintext"), "the Megolm payload");
    return new MegolmPayload(Payloads.text(node, "type"), Payloads.object(node, "content"),
        Payloads.text(node, "room_id"));
  }

  /**
   * Checks that the event was encrypted for the room it arrived in.
   *
   * @throws CryptoException {@code MISADDRESSED} when the rooms differ
   */
  public void checkRoom(String eventRoomId) {
    if (!roomId.equals(eventRoomId)) {
      throw OlmPayload.misaddressed("the payload was encrypted for room " + roomId + ", not " + eventRoomId);
    }
  }
}

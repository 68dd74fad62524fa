package dev.steward.client.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * Megolm's formats: the message (version 3: index and ciphertext, an 8-byte truncated HMAC-SHA-256, a 64-byte
 * Ed25519 signature over everything before it), the signed session key (version 2) that {@code m.room_key} carries,
 * and the unsigned export (version 1) of {@code m.forwarded_room_key} and key backups.
 */
final class MegolmWire {
  static final int MESSAGE_VERSION = 3;
  static final int SESSION_KEY_VERSION = 2;
  static final int EXPORT_VERSION = 1;
  static final int MAC_LENGTH = 8;
  private static final int MESSAGE_INDEX = 0x08;
  private static final int CIPHERTEXT = 0x12;
  private static final int SHARED_LENGTH = 1 + 4 + MegolmRatchet.LENGTH + Primitives.KEY_LENGTH;

  private MegolmWire() {}

  /** A parsed message with the byte ranges its MAC and its signature cover. */
  record Message(long index, byte[] ciphertext, byte[] authenticated, byte[] mac, byte[] signed, byte[] signature) {}

  /** A parsed session key or export. */
  record Shared(MegolmRatchet ratchet, byte[] signingKey) {}

  static byte[] messageBody(long index, byte[] ciphertext) {
    return new Proto.Writer(MESSAGE_VERSION).integer(MESSAGE_INDEX, index).bytes(CIPHERTEXT, ciphertext).toBytes();
  }

  static Message parseMessage(byte[] data) {
    int trailer = MAC_LENGTH + Primitives.SIGNATURE_LENGTH;
    if (data.length < 1 + trailer) {
      throw Proto.malformed("a Megolm message of " + data.length + " bytes is too short");
    }
    if (data[0] != MESSAGE_VERSION) {
      throw Proto.malformed("Megolm message version " + (data[0] & 0xFF) + " is not " + MESSAGE_VERSION);
    }
    int macAt = data.length - trailer;
    int signatureAt = data.length - Primitives.SIGNATURE_LENGTH;
    Map<Integer, Object> fields = Proto.read(data, 1, macAt);
    return new Message(
        Proto.requireInteger(fields, MESSAGE_INDEX, "message index", OlmWire.MAX_INDEX),
        Proto.requireBytes(fields, CIPHERTEXT, "ciphertext", -1),
        Arrays.copyOfRange(data, 0, macAt),
        Arrays.copyOfRange(data, macAt, signatureAt),
        Arrays.copyOfRange(data, 0, signatureAt),
        Arrays.copyOfRange(data, signatureAt, data.length));
  }

  /** Version, index (big-endian 32 bits), the four ratchet parts and the Ed25519 public key. */
  static byte[] shared(int version, MegolmRatchet ratchet, byte[] signingKey) {
    return ByteBuffer.allocate(SHARED_LENGTH).put((byte) version).putInt((int) ratchet.counter()).put(ratchet.data())
        .put(signingKey).array();
  }

  /** Parses a session key (checking its signature) or an export. */
  static Shared parseShared(byte[] data, int version) {
    int expected = SHARED_LENGTH + (version == SESSION_KEY_VERSION ? Primitives.SIGNATURE_LENGTH : 0);
    if (data.length == 0 || data[0] != version) {
      throw Proto.malformed("a Megolm " + (version == SESSION_KEY_VERSION ? "session key" : "session export")
          + " starts with version " + version + (data.length == 0 ? "; it is empty" : ", not " + (data[0] & 0xFF)));
    }
    if (data.length != expected) {
      throw Proto.malformed("a Megolm session key or export of " + data.length + " bytes, not " + expected);
    }
    ByteBuffer buffer = ByteBuffer.wrap(data, 1, SHARED_LENGTH - 1);
    long index = buffer.getInt() & 0xFFFFFFFFL;
    byte[] ratchet = new byte[MegolmRatchet.LENGTH];
    buffer.get(ratchet);
    byte[] signingKey = new byte[Primitives.KEY_LENGTH];
    buffer.get(signingKey);
    if (version == SESSION_KEY_VERSION && !Primitives.ed25519Verify(signingKey,
        Arrays.copyOfRange(data, 0, SHARED_LENGTH), Arrays.copyOfRange(data, SHARED_LENGTH, data.length))) {
      throw new CryptoException(CryptoException.Reason.BAD_SIGNATURE,
          "the Megolm session key's signature does not verify");
    }
    return new Shared(new MegolmRatchet(ratchet, index), signingKey);
  }
}

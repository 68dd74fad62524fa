package dev.steward.client.crypto;

import java.util.Arrays;
import java.util.Map;

/**
 * Olm's two message formats (version byte 3): the normal message (ratchet key, chain index, ciphertext, then an
 * 8-byte truncated HMAC-SHA-256 over everything before it) and the pre-key message that wraps one (Bob's one-time
 * key, Alice's base key and identity key, the normal message).
 */
final class OlmWire {
  static final int VERSION = 3;
  static final int MAC_LENGTH = 8;
  private static final int RATCHET_KEY = 0x0A;
  private static final int CHAIN_INDEX = 0x10;
  private static final int CIPHERTEXT = 0x22;
  private static final int ONE_TIME_KEY = 0x0A;
  private static final int BASE_KEY = 0x12;
  private static final int IDENTITY_KEY = 0x1A;
  private static final int MESSAGE = 0x22;
  static final long MAX_INDEX = 0xFFFFFFFFL;

  private OlmWire() {}

  /** A parsed normal message; {@code authenticated} is the byte range the MAC covers. */
  record Normal(byte[] ratchetKey, long chainIndex, byte[] ciphertext, byte[] authenticated, byte[] mac) {}

  /** A parsed pre-key message. */
  record PreKey(byte[] oneTimeKey, byte[] baseKey, byte[] identityKey, byte[] message) {}

  /** The normal message without its MAC (the bytes the MAC is computed over). */
  static byte[] normalBody(byte[] ratchetKey, long chainIndex, byte[] ciphertext) {
    return new Proto.Writer(VERSION).bytes(RATCHET_KEY, ratchetKey).integer(CHAIN_INDEX, chainIndex)
        .bytes(CIPHERTEXT, ciphertext).toBytes();
  }

  static byte[] preKey(byte[] oneTimeKey, byte[] baseKey, byte[] identityKey, byte[] message) {
    return new Proto.Writer(VERSION).bytes(ONE_TIME_KEY, oneTimeKey).bytes(BASE_KEY, baseKey)
        .bytes(IDENTITY_KEY, identityKey).bytes(MESSAGE, message).toBytes();
  }

  static Normal parseNormal(byte[] data) {
    if (data.length < 1 + MAC_LENGTH) {
      throw Proto.malformed("an Olm message of " + data.length + " bytes is too short");
    }
    checkVersion(data);
    int end = data.length - MAC_LENGTH;
    Map<Integer, Object> fields = Proto.read(data, 1, end);
    return new Normal(
        Proto.requireBytes(fields, RATCHET_KEY, "ratchet key", Primitives.KEY_LENGTH),
        Proto.requireInteger(fields, CHAIN_INDEX, "chain index", MAX_INDEX),
        Proto.requireBytes(fields, CIPHERTEXT, "ciphertext", -1),
        Arrays.copyOfRange(data, 0, end),
        Arrays.copyOfRange(data, end, data.length));
  }

  static PreKey parsePreKey(byte[] data) {
    if (data.length < 1) {
      throw Proto.malformed("an empty Olm pre-key message");
    }
    checkVersion(data);
    Map<Integer, Object> fields = Proto.read(data, 1, data.length);
    return new PreKey(
        Proto.requireBytes(fields, ONE_TIME_KEY, "one-time key", Primitives.KEY_LENGTH),
        Proto.requireBytes(fields, BASE_KEY, "base key", Primitives.KEY_LENGTH),
        Proto.requireBytes(fields, IDENTITY_KEY, "identity key", Primitives.KEY_LENGTH),
        Proto.requireBytes(fields, MESSAGE, "message", -1));
  }

  private static void checkVersion(byte[] data) {
    if (data[0] != VERSION) {
      throw Proto.malformed("Olm message version " + (data[0] & 0xFF) + " is not " + VERSION);
    }
  }
}

package dev.steward.client.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Megolm ratchet: four 32-byte parts R0..R3 and a 32-bit counter. Part j is rehashed with
 * H_j(x) = HMAC-SHA-256(x, j) every 2^(8(3-j)) steps and reseeds the parts below it, so moving forward any distance
 * takes at most 1020 hashes.
 */
final class MegolmRatchet {
  static final int PARTS = 4;
  static final int PART_LENGTH = 32;
  static final int LENGTH = PARTS * PART_LENGTH;
  private static final byte[] KEYS_INFO = "MEGOLM_KEYS".getBytes(StandardCharsets.US_ASCII);

  private final byte[] data;
  private long counter;

  MegolmRatchet(byte[] data, long counter) {
    if (data.length != LENGTH) {
      throw Proto.malformed("a Megolm ratchet has " + LENGTH + " bytes, not " + data.length);
    }
    this.data = data.clone();
    this.counter = counter & 0xFFFFFFFFL;
  }

  static MegolmRatchet random() {
    return new MegolmRatchet(Primitives.randomBytes(LENGTH), 0);
  }

  MegolmRatchet copy() {
    return new MegolmRatchet(data, counter);
  }

  long counter() {
    return counter;
  }

  byte[] data() {
    return data.clone();
  }

  /** AES key (32), HMAC key (32) and IV (16) for the message at the current index. */
  byte[] messageKeys() {
    return Primitives.hkdf(null, data, KEYS_INFO, 80);
  }

  /** One step forward. */
  void advance() {
    advanceTo(counter + 1);
  }

  /** Forward to {@code target} (not before the current index). */
  void advanceTo(long target) {
    long to = target & 0xFFFFFFFFL;
    for (int j = 0; j < PARTS; j++) {
      int shift = 8 * (3 - j);
      long steps = ((to >>> shift) - (counter >>> shift)) & 0xFF;
      if (steps == 0) {
        continue;
      }
      // Part j alone moves steps-1 times; the last step also reseeds the parts below it.
      for (long s = 1; s < steps; s++) {
        hashPart(j, j);
      }
      reseedFrom(j);
      long mask = (0xFFFFFFFFL << shift) & 0xFFFFFFFFL;
      counter = to & mask;
    }
  }

  private void reseedFrom(int part) {
    // Lower parts first: each is derived from part's value before part itself moves.
    for (int k = PARTS - 1; k >= part; k--) {
      hashPart(part, k);
    }
  }

  private void hashPart(int from, int to) {
    byte[] source = Arrays.copyOfRange(data, from * PART_LENGTH, (from + 1) * PART_LENGTH);
    byte[] hashed = Primitives.hmacSha256(source, new byte[] {(byte) to});
    System.arraycopy(hashed, 0, data, to * PART_LENGTH, PART_LENGTH);
  }
}

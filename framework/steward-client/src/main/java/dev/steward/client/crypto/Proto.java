package dev.steward.client.crypto;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The protobuf-style key-value payload of Olm and Megolm messages: a varint tag whose low three bits give the type
 * (0 integer, 2 length-prefixed string), then a varint or a length and bytes. Integers are little-endian base-128
 * varints. Unknown tags are skipped, as the specification's readers do.
 */
final class Proto {
  private Proto() {}

  /** Appends fields to a message that starts with its version byte. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer(int version) {
      out.write(version);
    }

    Writer integer(int tag, long value) {
      varint(tag);
      varint(value);
      return this;
    }

    Writer bytes(int tag, byte[] value) {
      varint(tag);
      varint(value.length);
      out.write(value, 0, value.length);
      return this;
    }

    private void varint(long value) {
      long v = value;
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }

  /** The fields of a payload, by tag: integers as {@code Long}, strings as {@code byte[]}. */
  static Map<Integer, Object> read(byte[] data, int from, int to) {
    Map<Integer, Object> fields = new HashMap<>();
    int[] pos = {from};
    while (pos[0] < to) {
      long tag = varint(data, pos, to);
      switch ((int) (tag & 7)) {
        case 0 -> fields.put((int) tag, varint(data, pos, to));
        case 2 -> {
          long length = varint(data, pos, to);
          if (length > to - pos[0]) {
            throw malformed("a field runs past the end of the message");
          }
          byte[] value = new byte[(int) length];
          System.arraycopy(data, pos[0], value, 0, value.length);
          pos[0] += value.length;
          fields.put((int) tag, value);
        }
        default -> throw malformed("field type " + (tag & 7) + " is neither integer nor string");
      }
    }
    return fields;
  }

  private static long varint(byte[] data, int[] pos, int to) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= to) {
        throw malformed("a varint runs past the end of the message");
      }
      int b = data[pos[0]++] & 0xFF;
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw malformed("a varint longer than 64 bits");
  }

  static byte[] requireBytes(Map<Integer, Object> fields, int tag, String name, int exactLength) {
    if (!(fields.get(tag) instanceof byte[] value)) {
      throw malformed("no " + name);
    }
    if (exactLength >= 0 && value.length != exactLength) {
      throw malformed(name + " has " + value.length + " bytes, not " + exactLength);
    }
    return value;
  }

  static long requireInteger(Map<Integer, Object> fields, int tag, String name, long max) {
    if (!(fields.get(tag) instanceof Long value)) {
      throw malformed("no " + name);
    }
    if (value < 0 || value > max) {
      throw malformed(name + " out of range: " + Long.toUnsignedString(value));
    }
    return value;
  }

  static CryptoException malformed(String why) {
    return new CryptoException(CryptoException.Reason.MALFORMED, why);
  }
}

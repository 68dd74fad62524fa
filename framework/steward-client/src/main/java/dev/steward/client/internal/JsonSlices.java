package dev.steward.client.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Finds the members of a JSON object in raw bytes without parsing their values: each member's name and where its
 * value starts and ends. A sync batch is cut into its rooms this way, so the rooms can be parsed on several threads.
 * The structure between members is checked strictly; a value's inside is left to whoever parses the slice.
 */
final class JsonSlices {
  /**
   * Receives one member of an object: its name and where its value starts. Returns the index just past the value,
   * from {@link #valueEnd} or, for a value it walks itself, {@link #members}: each byte is scanned once.
   */
  @FunctionalInterface
  interface Member {
    int accept(String name, int valueStart) throws IOException, Malformed;
  }

  /** The bytes are not a JSON object of the expected shape. */
  static final class Malformed extends Exception {
    /** Whether the bytes ended before the value did (more bytes may complete it), rather than being wrong. */
    final boolean cutShort;

    Malformed(String what, int at) {
      this(what, at, false);
    }

    Malformed(String what, int at, boolean cutShort) {
      super(what + " at byte " + at, null, false, false);
      this.cutShort = cutShort;
    }
  }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

  private final byte[] b;
  private final int end;

  JsonSlices(byte[] bytes, int end) {
    this.b = bytes;
    this.end = end;
  }

  /** Whether an object starts at {@code i}. */
  boolean objectAt(int i) {
    return i < end && b[i] == '{';
  }

  /** The index of the first non-whitespace byte at or after {@code i}. */
  int skipSpace(int i) {
    while (i < end && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  /**
   * Calls {@code member} for each member of the object whose {@code '{'} is at {@code start}; returns the index just
   * past its closing {@code '}'}.
   */
  int members(int start, Member member) throws Malformed, IOException {
    if (start >= end || b[start] != '{') {
      throw new Malformed("expected an object", start);
    }
    int i = skipSpace(start + 1);
    if (i < end && b[i] == '}') {
      return i + 1;
    }
    while (true) {
      if (i >= end || b[i] != '"') {
        throw new Malformed("expected a member name", i);
      }
      int nameEnd = stringEnd(i);
      String name = name(i, nameEnd);
      i = skipSpace(nameEnd);
      if (i >= end || b[i] != ':') {
        throw new Malformed("expected ':'", i);
      }
      i = skipSpace(member.accept(name, skipSpace(i + 1)));
      if (i < end && b[i] == ',') {
        i = skipSpace(i + 1);
      } else if (i < end && b[i] == '}') {
        return i + 1;
      } else {
        throw new Malformed("expected ',' or '}'", i);
      }
    }
  }

  /** The index just past the value starting at {@code i}: an object, array, string or scalar. */
  int valueEnd(int i) throws Malformed {
    if (i >= end) {
      throw new Malformed("expected a value", i, true);
    }
    byte c = b[i];
    if (c == '"') {
      return stringEnd(i);
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      while (i < end) {
        c = b[i];
        if (c == '"') {
          i = stringEnd(i);
          continue;
        }
        if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          depth--;
          if (depth == 0) {
            return i + 1;
          }
        }
        i++;
      }
      throw new Malformed("unterminated object or array", i, true);
    }
    int j = i;
    while (j < end && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\r'
        && b[j] != '\t') {
      j++;
    }
    if (j == i) {
      throw new Malformed("expected a value", i);
    }
    return j;
  }

  /**
   * The index just past the string whose opening quote is at {@code i}. Strings are most of a sync body's bytes, so
   * they are scanned eight bytes at a time for the first quote or backslash (bytes of multi-byte UTF-8 characters
   * have their high bit set and never match).
   */
  private int stringEnd(int i) throws Malformed {
    int j = i + 1;
    while (j <= end - Long.BYTES) {
      long word = (long) LONGS.get(b, j);
      long hits = zeroBytes(word ^ QUOTES) | zeroBytes(word ^ BACKSLASHES);
      if (hits == 0) {
        j += Long.BYTES;
        continue;
      }
      j += Long.numberOfTrailingZeros(hits) >>> 3; // the lowest flagged byte is exact (little-endian)
      if (b[j] == '"') {
        return j + 1;
      }
      j += 2; // a backslash: the byte after it is escaped
    }
    for (; j < end; j++) {
      if (b[j] == '\\') {
        j++;
      } else if (b[j] == '"') {
        return j + 1;
      }
    }
    throw new Malformed("unterminated string", i, true);
  }

  /**
   * The high bit of each zero byte of {@code x} set, maybe also of bytes above the lowest zero one (a borrow runs
   * upward); the lowest set bit marks the lowest zero byte exactly.
   */
  private static long zeroBytes(long x) {
    return (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
  }

  /** The text of the string from its opening quote at {@code start} to just past its closing quote. */
  String name(int start, int stop) throws IOException {
    for (int j = start + 1; j < stop - 1; j++) {
      if (b[j] == '\\') {
        // Escapes are rare in names; Jackson decodes them.
        return Json.mapper().readValue(b, start, stop - start, String.class);
      }
    }
    return new String(b, start + 1, stop - start - 2, StandardCharsets.UTF_8);
  }
}

package dev.steward.client;

import java.nio.charset.StandardCharsets;

/** Shared grammar checks for Matrix identifiers (Client-Server spec, appendix "Identifier grammar"). */
final class Ids {
  static final int MAX_ID_BYTES = 255;

  private Ids() {}

  static String requireShape(String kind, String value, char sigil, boolean serverRequired) {
    if (value == null) {
      throw new IllegalArgumentException(kind + " must not be null");
    }
    if (value.isEmpty() || value.charAt(0) != sigil) {
      throw invalid(kind, value, "must start with '" + sigil + "'");
    }
    // A char is at most 3 UTF-8 bytes: only long ids need encoding to be measured.
    if (value.length() * 3 > MAX_ID_BYTES && value.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
      throw invalid(kind, value, "is longer than " + MAX_ID_BYTES + " bytes");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // Printable ASCII, what ids are made of, is neither: the full check only for the rest (every event's id).
      if ((c <= ' ' || c >= 0x7f) && (Character.isWhitespace(c) || Character.isISOControl(c))) {
        throw invalid(kind, value, "contains whitespace or a control character");
      }
    }
    int colon = value.indexOf(':');
    if (colon < 0) {
      if (serverRequired) {
        throw invalid(kind, value, "has no ':server' part");
      }
      if (value.length() == 1) {
        throw invalid(kind, value, "is empty after '" + sigil + "'");
      }
      return value;
    }
    if (colon == 1) {
      throw invalid(kind, value, "has an empty localpart");
    }
    String problem = ServerName.problem(value, colon + 1);
    if (problem != null) {
      throw invalid(kind, value, "has an invalid server name: " + problem);
    }
    return value;
  }

  static IllegalArgumentException invalid(String kind, String value, String why) {
    return new IllegalArgumentException("invalid " + kind + " '" + value + "': " + why);
  }
}

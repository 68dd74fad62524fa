package dev.steward.client.crypto;

import java.util.HexFormat;

/** Hex for test vectors, which the specifications print in hex. */
final class Hex {
  private Hex() {}

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replaceAll("[\\s,]|0x", ""));
  }

  static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}

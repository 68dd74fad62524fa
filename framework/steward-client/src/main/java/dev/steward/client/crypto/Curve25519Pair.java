package dev.steward.client.crypto;

/** A Curve25519 key pair as raw 32-byte keys. */
record Curve25519Pair(byte[] privateKey, byte[] publicKey) {
  static Curve25519Pair generate() {
    return fromPrivate(Primitives.x25519PrivateKey());
  }

  static Curve25519Pair fromPrivate(byte[] privateKey) {
    return new Curve25519Pair(privateKey.clone(), Primitives.x25519PublicKey(privateKey));
  }

  byte[] agree(byte[] theirPublic) {
    return Primitives.x25519(privateKey, theirPublic);
  }

  String publicBase64() {
    return UnpaddedBase64.encode(publicKey);
  }
}

package dev.steward.client.crypto;

/** An Ed25519 key pair: the 32-byte seed and the 32-byte public key (the seed's: made only by the factories). */
record Ed25519Pair(byte[] seed, byte[] publicKey) {
  static Ed25519Pair generate() {
    return fromSeed(Primitives.ed25519Seed());
  }

  static Ed25519Pair fromSeed(byte[] seed) {
    return new Ed25519Pair(seed.clone(), Primitives.ed25519PublicKey(seed));
  }

  byte[] sign(byte[] message) {
    return Primitives.ed25519Sign(seed, publicKey, message); // every Megolm message is signed: half the cost
  }

  String publicBase64() {
    return UnpaddedBase64.encode(publicKey);
  }
}

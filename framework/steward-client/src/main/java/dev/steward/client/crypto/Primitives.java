package dev.steward.client.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.BufferedBlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The primitives Olm and Megolm compose, all from Bouncy Castle's low-level API: X25519, Ed25519, HKDF-SHA-256,
 * HMAC-SHA-256, SHA-256 and AES-256-CBC with PKCS#7 padding. Keys are raw bytes (32 each, Ed25519 private keys as
 * their 32-byte seed).
 */
final class Primitives {
  static final int KEY_LENGTH = 32;
  static final int SIGNATURE_LENGTH = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Primitives() {}

  static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  static byte[] x25519PrivateKey() {
    byte[] key = new byte[X25519.SCALAR_SIZE];
    X25519.generatePrivateKey(RANDOM, key);
    return key;
  }

  static byte[] x25519PublicKey(byte[] privateKey) {
    byte[] key = new byte[X25519.POINT_SIZE];
    X25519.generatePublicKey(privateKey, 0, key, 0);
    return key;
  }

  /** The shared secret; refuses a peer key of the wrong size or one of low order (all-zero result). */
  static byte[] x25519(byte[] ourPrivate, byte[] theirPublic) {
    if (theirPublic.length != X25519.POINT_SIZE) {
      throw new CryptoException(CryptoException.Reason.MALFORMED,
          "a Curve25519 key has 32 bytes, not " + theirPublic.length);
    }
    byte[] shared = new byte[X25519.POINT_SIZE];
    if (!X25519.calculateAgreement(ourPrivate, 0, theirPublic, 0, shared, 0)) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "a Curve25519 key of low order");
    }
    return shared;
  }

  static byte[] ed25519Seed() {
    return randomBytes(Ed25519.SECRET_KEY_SIZE);
  }

  static byte[] ed25519PublicKey(byte[] seed) {
    byte[] key = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, key, 0);
    return key;
  }

  static byte[] ed25519Sign(byte[] seed, byte[] message) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  /**
   * As {@link #ed25519Sign(byte[], byte[])} with the seed's public key given: the same signature, without deriving
   * the public key again, which is about half the cost of signing.
   */
  static byte[] ed25519Sign(byte[] seed, byte[] publicKey, byte[] message) {
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  static boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
  }

  /** HKDF-SHA-256 (RFC 5869); a null or empty salt means the default salt, a hash length of zeros. */
  static byte[] hkdf(byte[] salt, byte[] inputKey, byte[] info, int length) {
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(inputKey, salt == null || salt.length == 0 ? null : salt, info));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }

  static byte[] hmacSha256(byte[] key, byte[] message) {
    HMac mac = new HMac(new SHA256Digest());
    mac.init(new KeyParameter(key));
    mac.update(message, 0, message.length);
    byte[] out = new byte[mac.getMacSize()];
    mac.doFinal(out, 0);
    return out;
  }

  static byte[] sha256(byte[] message) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(message, 0, message.length);
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }

  static byte[] aesCbcEncrypt(byte[] key, byte[] iv, byte[] plaintext) {
    return aesCbc(true, key, iv, plaintext);
  }

  /** Decrypts and strips PKCS#7 padding; a bad length or padding is {@code MALFORMED}. */
  static byte[] aesCbcDecrypt(byte[] key, byte[] iv, byte[] ciphertext) {
    if (ciphertext.length == 0 || ciphertext.length % 16 != 0) {
      throw new CryptoException(CryptoException.Reason.MALFORMED,
          "AES-CBC ciphertext of " + ciphertext.length + " bytes");
    }
    return aesCbc(false, key, iv, ciphertext);
  }

  private static byte[] aesCbc(boolean encrypt, byte[] key, byte[] iv, byte[] input) {
    BufferedBlockCipher cipher =
        new PaddedBufferedBlockCipher(CBCBlockCipher.newInstance(AESEngine.newInstance()), new PKCS7Padding());
    cipher.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
    byte[] out = new byte[cipher.getOutputSize(input.length)];
    int written = cipher.processBytes(input, 0, input.length, out, 0);
    try {
      written += cipher.doFinal(out, written);
    } catch (InvalidCipherTextException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "AES-CBC padding: " + e.getMessage());
    }
    return written == out.length ? out : Arrays.copyOf(out, written);
  }

  /** Compares in time independent of where the arrays first differ. */
  static boolean constantTimeEquals(byte[] a, byte[] b) {
    return java.security.MessageDigest.isEqual(a, b);
  }
}

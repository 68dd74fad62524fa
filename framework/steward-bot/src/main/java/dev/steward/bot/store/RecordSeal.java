package dev.steward.bot.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals record values with AES-256-GCM: a fresh random 96-bit nonce per value, a 128-bit tag, and the record's
 * account, kind and key as associated data, so a value copied to another record does not open. The key is derived
 * from a passphrase with PBKDF2-HMAC-SHA256 over a random salt; the parameters are stored beside the records
 * ({@link #parameters()}) so that a store keeps opening if the defaults change. The JDK's own providers do all of it.
 *
 * <p>A sealed value is Base64 of {@code version (1 byte) || nonce (12) || ciphertext || tag (16)}.
 */
final class RecordSeal {
  /**
   * OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. Paid once per start: about 0.2 s warm, up to a second in a
   * cold JVM on a busy 2-core machine.
   */
  static final int DEFAULT_ITERATIONS = 600_000;
  private static final String KDF = "pbkdf2-hmac-sha256";
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int SALT_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;
  private final String parameters;

  private RecordSeal(SecretKey key, String parameters) {
    this.key = key;
    this.parameters = parameters;
  }

  /** A new salt: the seal of a store being set up. */
  static RecordSeal create(String passphrase, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    String parameters = KDF + ":" + iterations + ":" + Base64.getEncoder().encodeToString(salt);
    return derive(passphrase, parameters);
  }

  /**
   * The seal of an existing store, from its stored {@link #parameters()}.
   *
   * @throws IllegalArgumentException when the parameters are not ones this class wrote
   */
  static RecordSeal derive(String passphrase, String parameters) {
    String[] parts = parameters.split(":");
    if (parts.length != 3 || !parts[0].equals(KDF)) {
      throw new IllegalArgumentException("unknown key derivation '" + parameters + "'");
    }
    int iterations;
    byte[] salt;
    try {
      iterations = Integer.parseInt(parts[1]);
      salt = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed key derivation parameters '" + parameters + "'");
    }
    if (iterations < 1 || salt.length < SALT_BYTES) {
      throw new IllegalArgumentException("malformed key derivation parameters '" + parameters + "'");
    }
    char[] chars = passphrase.toCharArray();
    KeySpec spec = new PBEKeySpec(chars, salt, iterations, 256);
    try {
      byte[] raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      try {
        return new RecordSeal(new SecretKeySpec(raw, "AES"), parameters);
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
    } finally {
      Arrays.fill(chars, '\0');
      ((PBEKeySpec) spec).clearPassword();
    }
  }

  /** What {@link #derive} needs besides the passphrase: the function, its iterations and the salt. Not secret. */
  String parameters() {
    return parameters;
  }

  String seal(String account, String kind, String recordKey, String value) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(account, kind, recordKey));
      byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
      out.put(VERSION).put(nonce).put(sealed);
      return Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM failed", e);
    }
  }

  /**
   * The value sealed under this record's account, kind and key.
   *
   * @throws AEADBadTagException when the key is another, or the value was altered or belongs to another record
   */
  String open(String account, String kind, String recordKey, String sealedValue) throws AEADBadTagException {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(sealedValue);
    } catch (IllegalArgumentException e) {
      throw new AEADBadTagException("not Base64");
    }
    if (bytes.length < 1 + NONCE_BYTES + TAG_BITS / 8 || bytes[0] != VERSION) {
      throw new AEADBadTagException("not a sealed value of version " + VERSION);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 1, NONCE_BYTES));
      cipher.updateAAD(associatedData(account, kind, recordKey));
      byte[] plain = cipher.doFinal(bytes, 1 + NONCE_BYTES, bytes.length - 1 - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM failed", e);
    }
  }

  /** Version, account, kind and key, each length-prefixed so that no two records share associated data. */
  private static byte[] associatedData(String account, String kind, String recordKey) {
    byte[][] parts = {
        account.getBytes(StandardCharsets.UTF_8),
        kind.getBytes(StandardCharsets.UTF_8),
        recordKey.getBytes(StandardCharsets.UTF_8)};
    int size = 1;
    for (byte[] p : parts) {
      size += 4 + p.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).put(VERSION);
    for (byte[] p : parts) {
      out.putInt(p.length).put(p);
    }
    return out.array();
  }
}

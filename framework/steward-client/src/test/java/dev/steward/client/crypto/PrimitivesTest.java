package dev.steward.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each primitive against the test vectors of the document that defines it. */
class PrimitivesTest {
  @Test
  void x25519MatchesRfc7748Section61() {
    byte[] alicePrivate = Hex.bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    byte[] bobPrivate = Hex.bytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    assertThat(Hex.of(Primitives.x25519PublicKey(alicePrivate)))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assertThat(Hex.of(Primitives.x25519PublicKey(bobPrivate)))
        .isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    assertThat(Hex.of(Primitives.x25519(alicePrivate, Primitives.x25519PublicKey(bobPrivate)))).isEqualTo(shared);
    assertThat(Hex.of(Primitives.x25519(bobPrivate, Primitives.x25519PublicKey(alicePrivate)))).isEqualTo(shared);
  }

  @Test
  void x25519RefusesKeysOfWrongSizeAndLowOrder() {
    byte[] ours = Primitives.x25519PrivateKey();
    assertThatThrownBy(() -> Primitives.x25519(ours, new byte[31])).isInstanceOf(CryptoException.class)
        .hasMessageContaining("MALFORMED");
    assertThatThrownBy(() -> Primitives.x25519(ours, new byte[32])).isInstanceOf(CryptoException.class)
        .hasMessageContaining("low order");
  }

  @Test
  void ed25519MatchesRfc8032Tests1And2() {
    byte[] seed1 = Hex.bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    byte[] public1 = Primitives.ed25519PublicKey(seed1);
    assertThat(Hex.of(public1)).isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    byte[] signature1 = Primitives.ed25519Sign(seed1, new byte[0]);
    assertThat(Hex.of(signature1)).isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a"
        + "33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    assertThat(Primitives.ed25519Verify(public1, new byte[0], signature1)).isTrue();

    byte[] seed2 = Hex.bytes("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    byte[] public2 = Primitives.ed25519PublicKey(seed2);
    assertThat(Hex.of(public2)).isEqualTo("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    byte[] signature2 = Primitives.ed25519Sign(seed2, new byte[] {0x72});
    assertThat(Hex.of(signature2)).isEqualTo("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e"
        + "15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    assertThat(Primitives.ed25519Verify(public2, new byte[] {0x72}, signature2)).isTrue();
    assertThat(Primitives.ed25519Verify(public2, new byte[] {0x73}, signature2)).isFalse();
    assertThat(Primitives.ed25519Verify(public1, new byte[] {0x72}, signature2)).isFalse();
    assertThat(Primitives.ed25519Verify(public2, new byte[] {0x72}, Arrays.copyOf(signature2, 63))).isFalse();

    // Signing with the public key given (as key pairs do) gives the same signatures.
    assertThat(Primitives.ed25519Sign(seed1, public1, new byte[0])).isEqualTo(signature1);
    assertThat(Ed25519Pair.fromSeed(seed2).sign(new byte[] {0x72})).isEqualTo(signature2);
  }

  @Test
  void hkdfMatchesRfc5869Cases1And3() {
    byte[] ikm = Hex.bytes("0b".repeat(22));
    assertThat(Hex.of(Primitives.hkdf(Hex.bytes("000102030405060708090a0b0c"), ikm, Hex.bytes("f0f1f2f3f4f5f6f7f8f9"), 42)))
        .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    // Case 3: no salt and no info, which is how Olm and Megolm call it ("default salt").
    assertThat(Hex.of(Primitives.hkdf(null, ikm, new byte[0], 42)))
        .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  }

  @Test
  void hmacSha256MatchesRfc4231Cases1And2() {
    assertThat(Hex.of(Primitives.hmacSha256(Hex.bytes("0b".repeat(20)), "Hi There".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    assertThat(Hex.of(Primitives.hmacSha256("Jefe".getBytes(StandardCharsets.US_ASCII),
        "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void sha256MatchesFips180Abc() {
    assertThat(Hex.of(Primitives.sha256("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void aes256CbcMatchesSp80038aF25AndAddsOnePkcs7Block() {
    byte[] key = Hex.bytes("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    byte[] iv = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    byte[] plaintext = Hex.bytes("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
        + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
    byte[] ciphertext = Primitives.aesCbcEncrypt(key, iv, plaintext);
    assertThat(ciphertext).hasSize(80);
    assertThat(Hex.of(Arrays.copyOf(ciphertext, 64))).isEqualTo("f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777b"
        + "c6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b");
    assertThat(Primitives.aesCbcDecrypt(key, iv, ciphertext)).isEqualTo(plaintext);
    assertThat(Primitives.aesCbcEncrypt(key, iv, new byte[0])).hasSize(16);
  }

  @Test
  void aesCbcRefusesBadLengthAndBadPaddingAsMalformed() {
    byte[] key = new byte[32];
    byte[] iv = new byte[16];
    assertThatThrownBy(() -> Primitives.aesCbcDecrypt(key, iv, new byte[15])).isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.MALFORMED);
    byte[] ciphertext = Primitives.aesCbcEncrypt(key, iv, "sixteen bytes!!!".getBytes(StandardCharsets.US_ASCII));
    ciphertext[ciphertext.length - 1] ^= 0x55; // garbles the last block, and with it the padding
    assertThatThrownBy(() -> Primitives.aesCbcDecrypt(key, iv, ciphertext)).isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.MALFORMED);
  }

  @Test
  void unpaddedBase64DropsPaddingAndRefusesGarbage() {
    assertThat(UnpaddedBase64.encode(new byte[] {1})).isEqualTo("AQ");
    assertThat(UnpaddedBase64.encode(new byte[] {1, 2})).isEqualTo("AQI");
    assertThat(UnpaddedBase64.decode("AQI")).containsExactly(1, 2);
    assertThat(UnpaddedBase64.decode("AQI=")).containsExactly(1, 2);
    assertThatThrownBy(() -> UnpaddedBase64.decode("not base64!")).isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.MALFORMED);
  }
}

package dev.steward.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The Megolm ratchet against libolm's published ratchet vectors (libolm {@code tests/test_megolm.cpp}:
 * "Megolm::advance" and "Megolm::advance wraparound"), and group sessions between our own ends.
 */
class MegolmTest {
  /** libolm's test ratchet: the ASCII "0123456789ABCDEF" eight times. */
  private static final byte[] VECTOR_SEED = "0123456789ABCDEF".repeat(8).getBytes(StandardCharsets.US_ASCII);
  private static final String LAST_TWO_PARTS_AFTER_ONE =
      "ba9cd955741d1c162323ec825e7c5ce889bbb423a18f23828fb2090d6e2af86a";
  private static final String AFTER_ONE = Hex.of(Arrays.copyOf(VECTOR_SEED, 96)) + LAST_TWO_PARTS_AFTER_ONE;
  private static final String AT_0X1000000 =
      "54022d7dc0298e1637e21c97153092f933c056ff74fe1b922d971f2482c2859c"
      + "7004c01ee49bd6efe0073525af9b1632c5be726d12349cc5bd472bdc2df6540f"
      + "3112591194fda617e568c683101eaecd7eddd6de1fbc0767ae34da1a09a54eab"
      + LAST_TWO_PARTS_AFTER_ONE;
  private static final String AT_0X1041506 =
      "54022d7dc0298e1637e21c97153092f933c056ff74fe1b922d971f2482c2859c"
      + "55588df5b7a48878428927868164589f3663447b51edc3595b036ca604c46dcd"
      + "5c54850bfa98a1fd79a9df1cbe8fc5681937d30c85c8c31f7bb828816cf9ff3b"
      + "956cbf807e65126a49558d45c84a2e4cd56f03e24416b98e1cfd97c206aa907a";

  private static void assertRefused(ThrowingCallable call, CryptoException.Reason reason) {
    assertThatThrownBy(call).isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(reason);
  }

  @Test
  void ratchetMatchesLibolmsAdvanceVectors() {
    MegolmRatchet stepped = new MegolmRatchet(VECTOR_SEED, 0);
    stepped.advance();
    assertThat(stepped.counter()).isEqualTo(1);
    assertThat(Hex.of(stepped.data())).isEqualTo(AFTER_ONE);

    MegolmRatchet jumped = new MegolmRatchet(VECTOR_SEED, 0);
    jumped.advanceTo(1);
    assertThat(Hex.of(jumped.data())).isEqualTo(AFTER_ONE);
    jumped.advanceTo(0x1000000);
    assertThat(jumped.counter()).isEqualTo(0x1000000);
    assertThat(Hex.of(jumped.data())).isEqualTo(AT_0X1000000);
    jumped.advanceTo(0x1041506);
    assertThat(jumped.counter()).isEqualTo(0x1041506);
    assertThat(Hex.of(jumped.data())).isEqualTo(AT_0X1041506);
  }

  @Test
  void ratchetWrapsAroundAsLibolmDoes() {
    MegolmRatchet fromTop = new MegolmRatchet(VECTOR_SEED, 0xFFFFFFFFL);
    fromTop.advanceTo(0x1000000);
    MegolmRatchet fromZero = new MegolmRatchet(VECTOR_SEED, 0);
    fromZero.advanceTo(0x2000000);
    assertThat(fromTop.counter()).isEqualTo(0x1000000);
    assertThat(fromTop.data()).isEqualTo(fromZero.data());
  }

  @Test
  void steppingAndJumpingAgreeAcrossPartBoundaries() {
    MegolmRatchet stepped = new MegolmRatchet(VECTOR_SEED, 0);
    MegolmRatchet jumped = new MegolmRatchet(VECTOR_SEED, 0);
    for (long target : new long[] {3, 255, 256, 300, 511, 512, 65535, 65536, 65800}) {
      while (stepped.counter() < target) {
        stepped.advance();
      }
      jumped.advanceTo(target);
      assertThat(jumped.data()).as("at %d", target).isEqualTo(stepped.data());
    }
  }

  @Test
  void groupMessagesDecryptInAnyOrderWithTheirIndexes() {
    OutboundGroupSession outbound = OutboundGroupSession.create();
    InboundGroupSession inbound = InboundGroupSession.fromSessionKey(outbound.sessionKey());
    assertThat(inbound.sessionId()).isEqualTo(outbound.sessionId());
    String first = outbound.encrypt("first");
    String second = outbound.encrypt("second");
    assertThat(outbound.messageIndex()).isEqualTo(2);
    assertThat(inbound.decrypt(second, "$2")).isEqualTo(new InboundGroupSession.Decrypted("second", 1));
    assertThat(inbound.decrypt(first, "$1")).isEqualTo(new InboundGroupSession.Decrypted("first", 0));
    assertThat(inbound.decrypt(first, "$1").plaintext()).as("the same event may be decrypted again").isEqualTo("first");
  }

  @Test
  void anIndexSeenBeforeWithAnotherEventIdIsAReplay() {
    OutboundGroupSession outbound = OutboundGroupSession.create();
    InboundGroupSession inbound = InboundGroupSession.fromSessionKey(outbound.sessionKey());
    String message = outbound.encrypt("once");
    inbound.decrypt(message, "$original");
    assertRefused(() -> inbound.decrypt(message, "$replayed"), CryptoException.Reason.REPLAYED_INDEX);
    InboundGroupSession restored = InboundGroupSession.fromState(inbound.toState());
    assertRefused(() -> restored.decrypt(message, "$replayed"), CryptoException.Reason.REPLAYED_INDEX);
  }

  @Test
  void aSessionKeyFromLaterDecryptsOnlyFromItsIndexOn() {
    OutboundGroupSession outbound = OutboundGroupSession.create();
    String early = outbound.encrypt("early");
    InboundGroupSession late = InboundGroupSession.fromSessionKey(outbound.sessionKey());
    assertThat(late.firstKnownIndex()).isEqualTo(1);
    String later = outbound.encrypt("later");
    assertRefused(() -> late.decrypt(early, "$early"), CryptoException.Reason.UNKNOWN_MESSAGE_INDEX);
    assertThat(late.decrypt(later, "$later").plaintext()).isEqualTo("later");
  }

  @Test
  void exportsImportUnverifiedAndCannotReachBack() {
    OutboundGroupSession outbound = OutboundGroupSession.create();
    InboundGroupSession inbound = InboundGroupSession.fromSessionKey(outbound.sessionKey());
    String m0 = outbound.encrypt("m0");
    String m1 = outbound.encrypt("m1");
    InboundGroupSession forwarded = InboundGroupSession.fromExport(inbound.export(1));
    assertThat(forwarded.isVerified()).isFalse();
    assertThat(forwarded.firstKnownIndex()).isEqualTo(1);
    assertThat(forwarded.decrypt(m1, "$1").plaintext()).isEqualTo("m1");
    assertRefused(() -> forwarded.decrypt(m0, "$0"), CryptoException.Reason.UNKNOWN_MESSAGE_INDEX);
    assertRefused(() -> forwarded.export(0), CryptoException.Reason.UNKNOWN_MESSAGE_INDEX);
    assertRefused(() -> InboundGroupSession.fromSessionKey(inbound.export(0)), CryptoException.Reason.MALFORMED);
    assertRefused(() -> InboundGroupSession.fromExport(outbound.sessionKey()), CryptoException.Reason.MALFORMED);
  }

  @Test
  void forgedSessionKeysAndMessagesAreRefused() throws Exception {
    OutboundGroupSession outbound = OutboundGroupSession.create();
    byte[] key = UnpaddedBase64.decode(outbound.sessionKey());
    key[10] ^= 1;
    assertRefused(() -> InboundGroupSession.fromSessionKey(UnpaddedBase64.encode(key)), CryptoException.Reason.BAD_SIGNATURE);
    assertRefused(() -> InboundGroupSession.fromSessionKey("AgAA"), CryptoException.Reason.MALFORMED);

    InboundGroupSession inbound = InboundGroupSession.fromSessionKey(outbound.sessionKey());
    String genuine = outbound.encrypt("genuine");
    byte[] message = UnpaddedBase64.decode(genuine);
    byte[] badSignature = message.clone();
    badSignature[badSignature.length - 1] ^= 1;
    assertRefused(() -> inbound.decrypt(UnpaddedBase64.encode(badSignature), "$a"), CryptoException.Reason.BAD_SIGNATURE);

    // A wrong MAC under a valid signature: only the session's signing key can make one, as a sender's bug would.
    byte[] seed = UnpaddedBase64.decode(new ObjectMapper().readTree(outbound.toState()).get("ed25519_seed").asText());
    byte[] badMac = Arrays.copyOf(message, message.length - Primitives.SIGNATURE_LENGTH);
    badMac[badMac.length - 1] ^= 1;
    String resigned = UnpaddedBase64.encode(OlmSession.concat(badMac, Ed25519Pair.fromSeed(seed).sign(badMac)));
    assertRefused(() -> inbound.decrypt(resigned, "$b"), CryptoException.Reason.BAD_MAC);

    assertRefused(() -> inbound.decrypt("AwgA", "$c"), CryptoException.Reason.MALFORMED);
    assertRefused(() -> inbound.decrypt("not base64!", "$d"), CryptoException.Reason.MALFORMED);
    String otherSession = OutboundGroupSession.create().encrypt("other");
    assertRefused(() -> inbound.decrypt(otherSession, "$e"), CryptoException.Reason.BAD_SIGNATURE);

    assertThat(inbound.decrypt(genuine, "$genuine").plaintext()).as("refusals leave the session intact").isEqualTo("genuine");
  }

  @Test
  void statesRoundTrip() {
    OutboundGroupSession outbound = OutboundGroupSession.create();
    String m0 = outbound.encrypt("m0");
    OutboundGroupSession outbound2 = OutboundGroupSession.fromState(outbound.toState());
    assertThat(outbound2.sessionId()).isEqualTo(outbound.sessionId());
    assertThat(outbound2.messageIndex()).isEqualTo(1);
    assertThat(outbound2.sessionKey()).isEqualTo(outbound.sessionKey());

    InboundGroupSession inbound = InboundGroupSession.fromExport(
        InboundGroupSession.fromSessionKey(outbound.sessionKey()).export(1));
    String m1 = outbound2.encrypt("m1");
    String m300 = null;
    for (int i = 2; i <= 300; i++) {
      m300 = outbound2.encrypt("m" + i);
    }
    assertThat(inbound.decrypt(m300, "$300").plaintext()).isEqualTo("m300");
    InboundGroupSession inbound2 = InboundGroupSession.fromState(inbound.toState());
    assertThat(inbound2.toState()).isEqualTo(inbound.toState());
    assertThat(inbound2.isVerified()).isFalse();
    assertThat(inbound2.firstKnownIndex()).isEqualTo(1);
    assertThat(inbound2.decrypt(m1, "$1").plaintext()).isEqualTo("m1");
    assertRefused(() -> inbound2.decrypt(m0, "$0"), CryptoException.Reason.UNKNOWN_MESSAGE_INDEX);
    assertRefused(() -> InboundGroupSession.fromState(outbound.toState()), CryptoException.Reason.BAD_STATE);
    assertRefused(() -> OutboundGroupSession.fromState("{\"type\":\"megolm.outbound\",\"version\":1}"),
        CryptoException.Reason.BAD_STATE);
  }
}

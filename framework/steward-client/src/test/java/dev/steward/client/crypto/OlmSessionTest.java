package dev.steward.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Olm sessions between two accounts of ours: the ratchet's behaviour, its bounds and its refusals. */
class OlmSessionTest {
  private final OlmAccount alice = OlmAccount.create();
  private final OlmAccount bob = OlmAccount.create();

  private OlmSession aliceToBob() {
    bob.generateOneTimeKeys(1);
    String oneTimeKey = bob.unpublishedOneTimeKeys().values().iterator().next();
    bob.markKeysAsPublished();
    return alice.createOutboundSession(bob.curve25519Key(), oneTimeKey);
  }

  private static void assertRefused(ThrowingCallable call, CryptoException.Reason reason) {
    assertThatThrownBy(call).isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(reason);
  }

  private static OlmMessage flipped(OlmMessage message, int fromEnd) {
    byte[] bytes = UnpaddedBase64.decode(message.body());
    bytes[bytes.length - fromEnd] ^= 1;
    return new OlmMessage(message.type(), UnpaddedBase64.encode(bytes));
  }

  @Test
  void preKeyMessagesUntilTheFirstAnswerThenNormalMessagesBothWays() {
    OlmSession outbound = aliceToBob();
    OlmMessage first = outbound.encrypt("one");
    OlmMessage second = outbound.encrypt("two");
    assertThat(first.isPreKey()).isTrue();
    assertThat(outbound.hasReceivedMessage()).isFalse();

    OlmAccount.InboundSession created = bob.createInboundSession(alice.curve25519Key(), first);
    OlmSession inbound = created.session();
    assertThat(created.plaintext()).isEqualTo("one");
    assertThat(inbound.sessionId()).isEqualTo(outbound.sessionId());
    assertThat(inbound.theirIdentityKey()).isEqualTo(alice.curve25519Key());
    assertThat(outbound.theirIdentityKey()).isEqualTo(bob.curve25519Key());
    assertThat(inbound.decrypt(second)).isEqualTo("two");

    for (int round = 0; round < 4; round++) {
      OlmMessage reply = inbound.encrypt("reply " + round);
      assertThat(reply.type()).isEqualTo(OlmMessage.NORMAL);
      assertThat(outbound.decrypt(reply)).isEqualTo("reply " + round);
      OlmMessage next = outbound.encrypt("next " + round);
      assertThat(next.type()).isEqualTo(OlmMessage.NORMAL);
      assertThat(inbound.decrypt(next)).isEqualTo("next " + round);
    }
    assertThat(outbound.hasReceivedMessage()).isTrue();
  }

  @Test
  void usedOneTimeKeyIsRemovedSoTheSamePreKeyMessageCannotStartASecondSession() {
    OlmMessage first = aliceToBob().encrypt("once");
    bob.createInboundSession(alice.curve25519Key(), first);
    assertThat(bob.oneTimeKeyCount()).isZero();
    assertRefused(() -> bob.createInboundSession(alice.curve25519Key(), first), CryptoException.Reason.UNKNOWN_SESSION);
  }

  @Test
  void oneTimeKeyStaysWhenThePreKeyMessageDoesNotAuthenticate() {
    OlmMessage tampered = flipped(aliceToBob().encrypt("x"), 1);
    assertRefused(() -> bob.createInboundSession(alice.curve25519Key(), tampered), CryptoException.Reason.BAD_MAC);
    assertThat(bob.oneTimeKeyCount()).isEqualTo(1);
  }

  @Test
  void preKeyMessageClaimingAnotherSenderIsRefused() {
    OlmMessage first = aliceToBob().encrypt("x");
    assertRefused(() -> bob.createInboundSession(OlmAccount.create().curve25519Key(), first),
        CryptoException.Reason.UNKNOWN_SESSION);
    assertRefused(() -> bob.createInboundSession(alice.curve25519Key(), new OlmMessage(OlmMessage.NORMAL, first.body())),
        CryptoException.Reason.MALFORMED);
  }

  @Test
  void outOfOrderMessagesDecryptOnceEachAndAReplayIsRefused() {
    OlmSession outbound = aliceToBob();
    OlmSession inbound = bob.createInboundSession(alice.curve25519Key(), outbound.encrypt("start")).session();
    List<OlmMessage> sent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sent.add(inbound.encrypt("m" + i));
    }
    assertThat(outbound.decrypt(sent.get(3))).isEqualTo("m3");
    assertThat(outbound.decrypt(sent.get(0))).isEqualTo("m0");
    assertRefused(() -> outbound.decrypt(sent.get(0)), CryptoException.Reason.UNKNOWN_MESSAGE_INDEX);
    assertRefused(() -> outbound.decrypt(sent.get(3)), CryptoException.Reason.UNKNOWN_MESSAGE_INDEX);
    assertThat(outbound.decrypt(sent.get(2))).isEqualTo("m2");
    assertThat(outbound.decrypt(sent.get(1))).isEqualTo("m1");
  }

  @Test
  void skippedMessageKeysAreBoundedOldestFirst() {
    OlmSession outbound = aliceToBob();
    OlmSession inbound = bob.createInboundSession(alice.curve25519Key(), outbound.encrypt("start")).session();
    int count = OlmSession.MAX_SKIPPED_KEYS + 5;
    List<OlmMessage> sent = new ArrayList<>();
    for (int i = 0; i <= count; i++) {
      sent.add(inbound.encrypt("m" + i));
    }
    assertThat(outbound.decrypt(sent.get(count))).isEqualTo("m" + count);
    for (int i = 0; i < 5; i++) {
      int dropped = i;
      assertRefused(() -> outbound.decrypt(sent.get(dropped)), CryptoException.Reason.UNKNOWN_MESSAGE_INDEX);
    }
    assertThat(outbound.decrypt(sent.get(5))).isEqualTo("m5");
    assertThat(outbound.decrypt(sent.get(count - 1))).isEqualTo("m" + (count - 1));
  }

  @Test
  void aMessageTooFarAheadInItsChainIsRefusedWithoutChangingTheSession() {
    OlmSession outbound = aliceToBob();
    OlmSession inbound = bob.createInboundSession(alice.curve25519Key(), outbound.encrypt("start")).session();
    OlmMessage far = null;
    for (int i = 0; i <= OlmSession.MAX_MESSAGE_GAP + 1; i++) {
      far = inbound.encrypt("m" + i);
    }
    OlmMessage tooFar = far;
    assertRefused(() -> outbound.decrypt(tooFar), CryptoException.Reason.TOO_FAR_AHEAD);
    assertThat(outbound.hasReceivedMessage()).isFalse();
  }

  @Test
  void tamperedOrTruncatedOrForeignMessagesAreRefusedAndTheSessionStillWorks() {
    OlmSession outbound = aliceToBob();
    OlmSession inbound = bob.createInboundSession(alice.curve25519Key(), outbound.encrypt("start")).session();
    OlmMessage genuine = inbound.encrypt("genuine");

    assertRefused(() -> outbound.decrypt(flipped(genuine, 1)), CryptoException.Reason.BAD_MAC);
    assertRefused(() -> outbound.decrypt(flipped(genuine, 12)), CryptoException.Reason.BAD_MAC);
    assertRefused(() -> outbound.decrypt(new OlmMessage(OlmMessage.NORMAL, "AwAA")), CryptoException.Reason.MALFORMED);
    assertRefused(() -> outbound.decrypt(new OlmMessage(OlmMessage.NORMAL, "")), CryptoException.Reason.MALFORMED);
    assertRefused(() -> outbound.decrypt(new OlmMessage(OlmMessage.NORMAL, "***")), CryptoException.Reason.MALFORMED);
    byte[] version2 = UnpaddedBase64.decode(genuine.body());
    version2[0] = 2;
    assertRefused(() -> outbound.decrypt(new OlmMessage(OlmMessage.NORMAL, UnpaddedBase64.encode(version2))),
        CryptoException.Reason.MALFORMED);
    byte[] truncated = UnpaddedBase64.decode(genuine.body());
    assertRefused(() -> outbound.decrypt(new OlmMessage(OlmMessage.NORMAL,
        UnpaddedBase64.encode(java.util.Arrays.copyOf(truncated, 20)))), CryptoException.Reason.MALFORMED);
    assertRefused(() -> new OlmMessage(2, genuine.body()), CryptoException.Reason.MALFORMED);

    // A pre-key message of another session.
    OlmSession stranger = OlmAccount.create().createOutboundSession(bob.curve25519Key(), bob.curve25519Key());
    OlmMessage foreign = stranger.encrypt("foreign");
    assertRefused(() -> inbound.decrypt(foreign), CryptoException.Reason.UNKNOWN_SESSION);
    assertThat(inbound.matchesInbound(foreign.body())).isFalse();

    assertThat(outbound.decrypt(genuine)).isEqualTo("genuine");
  }

  @Test
  void stateRoundTripKeepsEveryChainAndSkippedKey() {
    OlmSession outbound = aliceToBob();
    OlmSession inbound = bob.createInboundSession(alice.curve25519Key(), outbound.encrypt("start")).session();
    OlmMessage skipped = inbound.encrypt("skipped");
    OlmMessage read = inbound.encrypt("read");
    assertThat(outbound.decrypt(read)).isEqualTo("read");
    OlmMessage unanswered = outbound.encrypt("from alice");

    OlmSession alice2 = OlmSession.fromState(outbound.toState());
    OlmSession bob2 = OlmSession.fromState(inbound.toState());
    assertThat(alice2.toState()).isEqualTo(outbound.toState());
    assertThat(alice2.sessionId()).isEqualTo(outbound.sessionId());
    assertThat(alice2.decrypt(skipped)).isEqualTo("skipped");
    assertThat(bob2.decrypt(unanswered)).isEqualTo("from alice");
    assertThat(alice2.decrypt(bob2.encrypt("after restore"))).isEqualTo("after restore");
    assertThat(bob2.decrypt(alice2.encrypt("and back"))).isEqualTo("and back");
  }

  @Test
  void unreadableStateIsABadStateNotACrash() {
    assertRefused(() -> OlmSession.fromState("not json"), CryptoException.Reason.BAD_STATE);
    assertRefused(() -> OlmSession.fromState("[]"), CryptoException.Reason.BAD_STATE);
    assertRefused(() -> OlmSession.fromState(OlmAccount.create().toState()), CryptoException.Reason.BAD_STATE);
    String state = aliceToBob().toState();
    assertRefused(() -> OlmSession.fromState(state.replace("\"version\":1", "\"version\":9")),
        CryptoException.Reason.BAD_STATE);
    assertRefused(() -> OlmSession.fromState(state.replace("\"root_key\":\"", "\"root_key\":\"AA")),
        CryptoException.Reason.BAD_STATE);
  }
}

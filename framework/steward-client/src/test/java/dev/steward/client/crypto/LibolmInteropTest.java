package dev.steward.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Olm, Megolm and signatures against libolm (Debian's python3-olm, driven by {@code libolm_peer.py}): whatever one
 * side encrypts or signs, the other decrypts or verifies. See {@link LibOlm} for when these tests skip or fail.
 */
class LibolmInteropTest {
  private static LibOlm libolm;
  private static String skipReason;
  private static int names;

  @BeforeAll
  static void startLibolm() throws Exception {
    try {
      libolm = LibOlm.start();
    } catch (TestAbortedException e) {
      // Skipped per test below, so the report counts each skip and shows why.
      skipReason = e.getMessage();
    }
  }

  @BeforeEach
  void needsLibolm() {
    Assumptions.assumeTrue(libolm != null, () -> skipReason);
  }

  @AfterAll
  static void stopLibolm() throws Exception {
    if (libolm != null) {
      libolm.close();
    }
  }

  private static String name(String prefix) {
    return prefix + (++names);
  }

  private static String firstKey(JsonNode keys) {
    return keys.elements().next().asText();
  }

  @Test
  void olmSessionStartedHereIsReadByLibolmThenRatchetsBothWays() throws Exception {
    OlmAccount ours = OlmAccount.create();
    String bob = name("bob");
    String bobCurve = libolm.call("account", "name", bob).get("curve25519").asText();
    String bobOneTimeKey = firstKey(libolm.call("one_time_keys", "account", bob, "count", 1).get("keys"));

    OlmSession session = ours.createOutboundSession(bobCurve, bobOneTimeKey);
    OlmMessage first = session.encrypt("{\"n\":1}");
    OlmMessage second = session.encrypt("{\"n\":2,\"text\":\"naïve ☃\"}");
    assertThat(first.type()).isEqualTo(OlmMessage.PRE_KEY);
    assertThat(second.type()).isEqualTo(OlmMessage.PRE_KEY);

    String theirs = name("session");
    JsonNode inbound = libolm.call("inbound_session", "account", bob, "name", theirs, "identity_key",
        ours.curve25519Key(), "body", first.body());
    assertThat(inbound.get("plaintext").asText()).isEqualTo("{\"n\":1}");
    assertThat(inbound.get("session_id").asText()).isEqualTo(session.sessionId());
    assertThat(decryptThere(theirs, second)).isEqualTo("{\"n\":2,\"text\":\"naïve ☃\"}");

    // libolm answers (a normal message on a new ratchet step); from then on both sides send normal messages.
    conversation(session, theirs, 3);
  }

  @Test
  void olmSessionStartedByLibolmIsReadHereThenRatchetsBothWays() throws Exception {
    OlmAccount ours = OlmAccount.create();
    ours.generateOneTimeKeys(2);
    String ourOneTimeKey = ours.unpublishedOneTimeKeys().values().iterator().next();
    ours.markKeysAsPublished();

    String alice = name("alice");
    String aliceCurve = libolm.call("account", "name", alice).get("curve25519").asText();
    String theirs = name("session");
    String theirId = libolm.call("outbound_session", "account", alice, "name", theirs, "identity_key",
        ours.curve25519Key(), "one_time_key", ourOneTimeKey).get("session_id").asText();
    OlmMessage first = encryptThere(theirs, "hello from libolm");
    OlmMessage second = encryptThere(theirs, "still a pre-key message");
    assertThat(first.type()).isEqualTo(OlmMessage.PRE_KEY);

    OlmAccount.InboundSession inbound = ours.createInboundSession(aliceCurve, first);
    assertThat(inbound.plaintext()).isEqualTo("hello from libolm");
    assertThat(inbound.session().sessionId()).isEqualTo(theirId);
    assertThat(ours.oneTimeKeyCount()).isEqualTo(1);
    assertThat(inbound.session().matchesInbound(second.body())).isTrue();
    assertThat(inbound.session().decrypt(second)).isEqualTo("still a pre-key message");

    // We answer first this time.
    OlmSession session = inbound.session();
    for (int round = 0; round < 3; round++) {
      OlmMessage ours1 = session.encrypt("ours " + round);
      assertThat(ours1.type()).isEqualTo(OlmMessage.NORMAL);
      assertThat(decryptThere(theirs, ours1)).isEqualTo("ours " + round);
      OlmMessage theirs1 = encryptThere(theirs, "theirs " + round);
      assertThat(theirs1.type()).isEqualTo(OlmMessage.NORMAL);
      assertThat(session.decrypt(theirs1)).isEqualTo("theirs " + round);
    }
  }

  @Test
  void olmMessagesOutOfOrderFromLibolmDecryptWithSkippedKeys() throws Exception {
    OlmAccount ours = OlmAccount.create();
    Established pair = establish(ours);
    OlmSession session = pair.ours();
    String theirs = pair.theirs();

    List<OlmMessage> burst = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      burst.add(encryptThere(theirs, "m" + i));
    }
    assertThat(session.decrypt(burst.get(4))).isEqualTo("m4");
    assertThat(session.decrypt(burst.get(1))).isEqualTo("m1");
    assertThat(session.decrypt(burst.get(0))).isEqualTo("m0");
    assertThatThrownBy(() -> session.decrypt(burst.get(1))).isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.UNKNOWN_MESSAGE_INDEX);
    assertThat(session.decrypt(burst.get(3))).isEqualTo("m3");
  }

  @Test
  void fallbackKeyStartsSessionsFromLibolmAndStays() throws Exception {
    OlmAccount ours = OlmAccount.create();
    ours.generateFallbackKey();
    String fallback = ours.unpublishedFallbackKey().values().iterator().next();
    ours.markKeysAsPublished();

    for (int i = 0; i < 2; i++) {
      String alice = name("alice");
      String aliceCurve = libolm.call("account", "name", alice).get("curve25519").asText();
      String theirs = name("session");
      libolm.call("outbound_session", "account", alice, "name", theirs, "identity_key", ours.curve25519Key(),
          "one_time_key", fallback);
      OlmAccount.InboundSession inbound = ours.createInboundSession(aliceCurve, encryptThere(theirs, "via fallback " + i));
      assertThat(inbound.plaintext()).isEqualTo("via fallback " + i);
    }
  }

  @Test
  void olmSessionSurvivesOurStateRoundTripMidConversation() throws Exception {
    OlmAccount ours = OlmAccount.fromState(OlmAccount.create().toState());
    Established pair = establish(ours);
    OlmSession session = pair.ours();
    String theirs = pair.theirs();
    OlmMessage late = encryptThere(theirs, "late");
    OlmMessage early = encryptThere(theirs, "early? no, skipped");
    assertThat(session.decrypt(early)).isEqualTo("early? no, skipped");

    OlmSession restored = OlmSession.fromState(session.toState());
    assertThat(restored.decrypt(late)).isEqualTo("late");
    conversation(restored, theirs, 2);
  }

  @Test
  void megolmSessionCreatedHereIsReadByLibolmIncludingFromAnExport() throws Exception {
    OutboundGroupSession outbound = OutboundGroupSession.create();
    String sessionKey = outbound.sessionKey();
    String theirs = name("group");
    JsonNode inbound = libolm.call("group_inbound", "name", theirs, "session_key", sessionKey);
    assertThat(inbound.get("session_id").asText()).isEqualTo(outbound.sessionId());

    List<String> ciphertexts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ciphertexts.add(outbound.encrypt("{\"body\":\"group " + i + "\"}"));
    }
    for (int i = 3; i >= 0; i--) {
      JsonNode decrypted = libolm.call("group_decrypt", "session", theirs, "ciphertext", ciphertexts.get(i));
      assertThat(decrypted.get("plaintext").asText()).isEqualTo("{\"body\":\"group " + i + "\"}");
      assertThat(decrypted.get("index").asInt()).isEqualTo(i);
    }

    // Our export from index 2 (as m.forwarded_room_key carries it) imported by libolm: 2 and on, not before.
    InboundGroupSession ourInbound = InboundGroupSession.fromSessionKey(sessionKey);
    String imported = name("group");
    JsonNode importedSession = libolm.call("group_import", "name", imported, "exported", ourInbound.export(2));
    assertThat(importedSession.get("first_known_index").asInt()).isEqualTo(2);
    assertThat(libolm.call("group_decrypt", "session", imported, "ciphertext", ciphertexts.get(3))
        .get("plaintext").asText()).isEqualTo("{\"body\":\"group 3\"}");
    assertThatThrownBy(() -> libolm.call("group_decrypt", "session", imported, "ciphertext", ciphertexts.get(1)))
        .hasMessageContaining("UNKNOWN_MESSAGE_INDEX");
  }

  @Test
  void megolmSessionCreatedByLibolmIsReadHereIncludingFromAnExport() throws Exception {
    String theirs = name("group");
    JsonNode outbound = libolm.call("group_outbound", "name", theirs);
    InboundGroupSession inbound = InboundGroupSession.fromSessionKey(outbound.get("session_key").asText());
    assertThat(inbound.sessionId()).isEqualTo(outbound.get("session_id").asText());
    assertThat(inbound.isVerified()).isTrue();

    List<String> ciphertexts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ciphertexts.add(libolm.call("group_encrypt", "session", theirs, "plaintext", "libolm " + i)
          .get("ciphertext").asText());
    }
    for (int i : new int[] {2, 0, 3, 1}) {
      InboundGroupSession.Decrypted decrypted = inbound.decrypt(ciphertexts.get(i), "$event" + i);
      assertThat(decrypted.plaintext()).isEqualTo("libolm " + i);
      assertThat(decrypted.messageIndex()).isEqualTo(i);
    }
    assertThatThrownBy(() -> inbound.decrypt(ciphertexts.get(2), "$replay")).isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.REPLAYED_INDEX);

    // libolm's export from index 1, imported here.
    String theirInbound = name("group");
    libolm.call("group_inbound", "name", theirInbound, "session_key", outbound.get("session_key").asText());
    String exported = libolm.call("group_export", "session", theirInbound, "index", 1).get("exported").asText();
    InboundGroupSession fromExport = InboundGroupSession.fromExport(exported);
    assertThat(fromExport.firstKnownIndex()).isEqualTo(1);
    assertThat(fromExport.isVerified()).isFalse();
    assertThat(fromExport.decrypt(ciphertexts.get(3), "$event3").plaintext()).isEqualTo("libolm 3");
    assertThatThrownBy(() -> fromExport.decrypt(ciphertexts.get(0), "$event0")).isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.UNKNOWN_MESSAGE_INDEX);
  }

  @Test
  void megolmRatchetFastForwardMatchesLibolmAcrossEveryPart() throws Exception {
    OutboundGroupSession outbound = OutboundGroupSession.create();
    InboundGroupSession ours = InboundGroupSession.fromSessionKey(outbound.sessionKey());
    String theirs = name("group");
    libolm.call("group_inbound", "name", theirs, "session_key", outbound.sessionKey());
    // Indexes that move R3 alone, R2 (every 2^8), R1 (every 2^16) and R0 (every 2^24), and wrap bytes.
    long[] indexes = {0, 1, 255, 256, 257, 65535, 65536, 70000, 0x00FFFFFFL, 0x01000000L, 0x01020304L, 0x7FFFFFFFL};
    for (long index : indexes) {
      String theirExport = libolm.call("group_export", "session", theirs, "index", index).get("exported").asText();
      assertThat(ours.export(index)).as("export at index %d", index).isEqualTo(theirExport);
    }
  }

  @Test
  void signaturesVerifyBothWaysAndTamperingIsRefusedBothWays() throws Exception {
    OlmAccount ours = OlmAccount.create();
    ObjectNode deviceKeys = new ObjectMapper().createObjectNode();
    deviceKeys.put("user_id", "@bot:localhost").put("device_id", "STEWARD");
    deviceKeys.putArray("algorithms").add("m.olm.v1.curve25519-aes-sha2").add("m.megolm.v1.aes-sha2");
    deviceKeys.putObject("keys").put("curve25519:STEWARD", ours.curve25519Key()).put("ed25519:STEWARD", ours.ed25519Key());
    SignedJson.sign(deviceKeys, "@bot:localhost", "STEWARD", ours);
    String signature = deviceKeys.get("signatures").get("@bot:localhost").get("ed25519:STEWARD").asText();
    ObjectNode unsigned = deviceKeys.deepCopy();
    unsigned.remove("signatures");
    String canonical = CanonicalJson.encode(unsigned);

    libolm.call("verify", "key", ours.ed25519Key(), "message", canonical, "signature", signature);
    assertThatThrownBy(() -> libolm.call("verify", "key", ours.ed25519Key(), "message", canonical + " ",
        "signature", signature)).hasMessageContaining("OlmVerifyError");

    String alice = name("alice");
    String aliceEd = libolm.call("account", "name", alice).get("ed25519").asText();
    String theirSignature = libolm.call("sign", "account", alice, "message", canonical).get("signature").asText();
    SignedJson.verifyEd25519(aliceEd, canonical.getBytes(StandardCharsets.UTF_8), theirSignature);
    assertThatThrownBy(() -> SignedJson.verifyEd25519(aliceEd, (canonical + " ").getBytes(StandardCharsets.UTF_8),
        theirSignature)).isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.BAD_SIGNATURE);
    // A signed object's signature by libolm, verified by our JSON verification.
    ObjectNode signedByThem = unsigned.deepCopy();
    signedByThem.putObject("signatures").putObject("@alice:localhost").put("ed25519:ALICE", theirSignature);
    signedByThem.putObject("unsigned").put("device_display_name", "not covered by the signature");
    SignedJson.verify(signedByThem, "@alice:localhost", "ed25519:ALICE", aliceEd);
  }

  @Test
  void deviceKeysAndSignedOneTimeKeysVerifyBothWaysWithLibolm() throws Exception {
    OlmAccount ours = OlmAccount.create();
    ObjectNode deviceKeys = DeviceKeys.of(ours, "@bot:localhost", "STEWARD").json();
    String signature = deviceKeys.get("signatures").get("@bot:localhost").get("ed25519:STEWARD").asText();
    ObjectNode unsigned = deviceKeys.deepCopy();
    unsigned.remove("signatures");
    libolm.call("verify", "key", ours.ed25519Key(), "message", CanonicalJson.encode(unsigned), "signature", signature);
    ours.generateOneTimeKeys(1);
    ObjectNode oneTime = DeviceKeys.signedKey(ours, "@bot:localhost", "STEWARD",
        ours.unpublishedOneTimeKeys().values().iterator().next(), false);
    String keySignature = oneTime.get("signatures").get("@bot:localhost").get("ed25519:STEWARD").asText();
    ObjectNode bareKey = oneTime.deepCopy();
    bareKey.remove("signatures");
    libolm.call("verify", "key", ours.ed25519Key(), "message", CanonicalJson.encode(bareKey), "signature", keySignature);

    // libolm's device, as another client would publish it, read and verified here.
    String alice = name("alice");
    JsonNode identity = libolm.call("account", "name", alice);
    ObjectNode theirs = new ObjectMapper().createObjectNode();
    theirs.put("user_id", "@alice:localhost").put("device_id", "ALICE");
    theirs.putArray("algorithms").add(DeviceKeys.OLM_ALGORITHM).add(DeviceKeys.MEGOLM_ALGORITHM);
    theirs.putObject("keys").put("curve25519:ALICE", identity.get("curve25519").asText())
        .put("ed25519:ALICE", identity.get("ed25519").asText());
    theirs.putObject("signatures").putObject("@alice:localhost").put("ed25519:ALICE",
        libolm.call("sign", "account", alice, "message", CanonicalJson.encode(theirs.deepCopy().without("signatures")))
            .get("signature").asText());
    DeviceKeys device = DeviceKeys.verified(theirs, "@alice:localhost", "ALICE");
    assertThat(device.ed25519Key()).isEqualTo(identity.get("ed25519").asText());
    String theirKey = firstKey(libolm.call("one_time_keys", "account", alice, "count", 1).get("keys"));
    ObjectNode theirOneTime = new ObjectMapper().createObjectNode().put("key", theirKey);
    theirOneTime.putObject("signatures").putObject("@alice:localhost").put("ed25519:ALICE",
        libolm.call("sign", "account", alice, "message", CanonicalJson.encode(new ObjectMapper().createObjectNode()
            .put("key", theirKey))).get("signature").asText());
    assertThat(device.verifySignedKey(theirOneTime)).isEqualTo(theirKey);
    theirOneTime.put("key", ours.curve25519Key());
    assertThatThrownBy(() -> device.verifySignedKey(theirOneTime)).isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.BAD_SIGNATURE);
  }

  @Test
  void libolmRefusesTamperedOlmAndMegolmFromHere() throws Exception {
    OlmAccount ours = OlmAccount.create();
    Established pair = establish(ours);
    OlmSession session = pair.ours();
    String theirs = pair.theirs();
    OlmMessage genuine = session.encrypt("genuine");
    byte[] bytes = UnpaddedBase64.decode(genuine.body());
    bytes[bytes.length - 1] ^= 1; // the last byte of the inner message's MAC
    OlmMessage tampered = new OlmMessage(genuine.type(), UnpaddedBase64.encode(bytes));
    assertThatThrownBy(() -> decryptThere(theirs, tampered)).hasMessageContaining("BAD_MESSAGE_MAC");
    assertThat(decryptThere(theirs, genuine)).isEqualTo("genuine");

    OutboundGroupSession group = OutboundGroupSession.create();
    String theirGroup = name("group");
    libolm.call("group_inbound", "name", theirGroup, "session_key", group.sessionKey());
    byte[] message = UnpaddedBase64.decode(group.encrypt("signed"));
    message[message.length - 1] ^= 1;
    assertThatThrownBy(() -> libolm.call("group_decrypt", "session", theirGroup, "ciphertext",
        UnpaddedBase64.encode(message))).hasMessageContaining("BAD_SIGNATURE");
  }

  /** Our session and libolm's (by name), after libolm has read our first pre-key message. */
  private record Established(OlmSession ours, String theirs) {}

  private static Established establish(OlmAccount ours) throws Exception {
    String bob = name("bob");
    String bobCurve = libolm.call("account", "name", bob).get("curve25519").asText();
    String bobOneTimeKey = firstKey(libolm.call("one_time_keys", "account", bob, "count", 1).get("keys"));
    OlmSession session = ours.createOutboundSession(bobCurve, bobOneTimeKey);
    String theirs = name("session");
    libolm.call("inbound_session", "account", bob, "name", theirs, "identity_key", ours.curve25519Key(),
        "body", session.encrypt("start").body());
    return new Established(session, theirs);
  }

  /** Rounds of libolm speaking first, then us, each side reading the other. */
  private static void conversation(OlmSession ours, String theirs, int rounds) throws Exception {
    for (int round = 0; round < rounds; round++) {
      OlmMessage fromThem = encryptThere(theirs, "theirs " + round);
      assertThat(fromThem.type()).isEqualTo(OlmMessage.NORMAL);
      assertThat(ours.decrypt(fromThem)).isEqualTo("theirs " + round);
      OlmMessage fromUs = ours.encrypt("ours " + round);
      assertThat(fromUs.type()).isEqualTo(OlmMessage.NORMAL);
      OlmMessage again = ours.encrypt("ours again " + round);
      assertThat(decryptThere(theirs, fromUs)).isEqualTo("ours " + round);
      assertThat(decryptThere(theirs, again)).isEqualTo("ours again " + round);
    }
  }

  private static OlmMessage encryptThere(String session, String plaintext) throws Exception {
    JsonNode encrypted = libolm.call("encrypt", "session", session, "plaintext", plaintext);
    return new OlmMessage(encrypted.get("type").asInt(), encrypted.get("body").asText());
  }

  private static String decryptThere(String session, OlmMessage message) throws Exception {
    return libolm.call("decrypt", "session", session, "type", message.type(), "body", message.body())
        .get("plaintext").asText();
  }
}

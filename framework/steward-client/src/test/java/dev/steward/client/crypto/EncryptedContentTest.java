package dev.steward.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Event contents and payloads around the ciphertexts, and the path a room key takes: Olm to-device
 * {@code m.room_key}, then a Megolm room event decrypted with it.
 */
class EncryptedContentTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static void assertRefused(ThrowingCallable call, CryptoException.Reason reason, String message) {
    assertThatThrownBy(call).isInstanceOf(CryptoException.class).hasMessageContaining(message)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(reason);
  }

  @Test
  void roomKeyTravelsByOlmAndDecryptsARoomEvent() throws Exception {
    OlmAccount alice = OlmAccount.create();
    OlmAccount bot = OlmAccount.create();
    bot.generateOneTimeKeys(1);
    String oneTimeKey = bot.unpublishedOneTimeKeys().values().iterator().next();

    // Alice's client: a Megolm session for the room, its key to the bot's device over Olm.
    OutboundGroupSession group = OutboundGroupSession.create();
    ObjectNode roomKey = MAPPER.createObjectNode().put("algorithm", MegolmEncrypted.ALGORITHM)
        .put("room_id", "!room:localhost").put("session_id", group.sessionId()).put("session_key", group.sessionKey());
    OlmPayload payload = new OlmPayload("m.room_key", roomKey, "@alice:localhost", alice.ed25519Key(),
        "@bot:localhost", bot.ed25519Key());
    OlmSession olm = alice.createOutboundSession(bot.curve25519Key(), oneTimeKey);
    JsonNode toDevice = MAPPER.readTree(new OlmEncrypted(alice.curve25519Key(),
        Map.of(bot.curve25519Key(), olm.encrypt(payload.toJson()))).toContent().toString());
    ObjectNode message = MAPPER.createObjectNode().put("msgtype", "m.text").put("body", "!ping");
    JsonNode roomEvent = MAPPER.readTree(new MegolmEncrypted(group.sessionId(),
        group.encrypt(new MegolmPayload("m.room.message", message, "!room:localhost").toJson()),
        alice.curve25519Key(), "ALICEDEVICE").toContent().toString());

    // The bot: to-device event, then the room event.
    OlmEncrypted received = OlmEncrypted.fromContent(toDevice);
    OlmMessage ours = received.forRecipient(bot.curve25519Key());
    OlmPayload opened = OlmPayload.fromJson(bot.createInboundSession(received.senderKey(), ours).plaintext());
    opened.checkAddressedTo("@alice:localhost", "@bot:localhost", bot.ed25519Key());
    assertThat(opened.type()).isEqualTo("m.room_key");
    InboundGroupSession inbound = InboundGroupSession.fromSessionKey(opened.content().get("session_key").asText());

    MegolmEncrypted encrypted = MegolmEncrypted.fromContent(roomEvent);
    assertThat(encrypted.sessionId()).isEqualTo(inbound.sessionId());
    assertThat(encrypted.deviceId()).isEqualTo("ALICEDEVICE");
    MegolmPayload event = MegolmPayload.fromJson(inbound.decrypt(encrypted.ciphertext(), "$event").plaintext());
    event.checkRoom("!room:localhost");
    assertThat(event.type()).isEqualTo("m.room.message");
    assertThat(event.content().get("body").asText()).isEqualTo("!ping");
  }

  @Test
  void misaddressedPayloadsAreRefused() {
    OlmPayload payload = new OlmPayload("m.room_key", MAPPER.createObjectNode(), "@alice:x", "AliceEd", "@bot:x", "BotEd");
    OlmPayload read = OlmPayload.fromJson(payload.toJson());
    assertThat(read).isEqualTo(payload);
    read.checkAddressedTo("@alice:x", "@bot:x", "BotEd");
    assertRefused(() -> read.checkAddressedTo("@mallory:x", "@bot:x", "BotEd"), CryptoException.Reason.MISADDRESSED,
        "@mallory:x");
    assertRefused(() -> read.checkAddressedTo("@alice:x", "@other:x", "BotEd"), CryptoException.Reason.MISADDRESSED,
        "@other:x");
    assertRefused(() -> read.checkAddressedTo("@alice:x", "@bot:x", "OtherEd"), CryptoException.Reason.MISADDRESSED,
        "Ed25519");

    MegolmPayload event = MegolmPayload.fromJson(
        new MegolmPayload("m.room.message", MAPPER.createObjectNode(), "!a:x").toJson());
    event.checkRoom("!a:x");
    assertRefused(() -> event.checkRoom("!b:x"), CryptoException.Reason.MISADDRESSED, "!b:x");
  }

  @Test
  void malformedContentNamesTheField() throws Exception {
    assertRefused(() -> OlmEncrypted.fromContent(MAPPER.readTree("{\"algorithm\":\"m.megolm.v1.aes-sha2\"}")),
        CryptoException.Reason.MALFORMED, "algorithm");
    assertRefused(() -> OlmEncrypted.fromContent(MAPPER.readTree(
        "{\"algorithm\":\"m.olm.v1.curve25519-aes-sha2\",\"ciphertext\":{}}")), CryptoException.Reason.MALFORMED,
        "sender_key");
    assertRefused(() -> OlmEncrypted.fromContent(MAPPER.readTree(
        "{\"algorithm\":\"m.olm.v1.curve25519-aes-sha2\",\"sender_key\":\"k\",\"ciphertext\":{\"a\":{\"type\":5,"
            + "\"body\":\"b\"}}}")), CryptoException.Reason.MALFORMED, "type 5");
    assertRefused(() -> OlmEncrypted.fromContent(MAPPER.readTree(
        "{\"algorithm\":\"m.olm.v1.curve25519-aes-sha2\",\"sender_key\":\"k\",\"ciphertext\":{\"a\":{\"type\":0}}}")),
        CryptoException.Reason.MALFORMED, "body");
    assertRefused(() -> new OlmEncrypted("k", Map.of("a", new OlmMessage(0, "b"))).forRecipient("z"),
        CryptoException.Reason.UNKNOWN_SESSION, "no Olm message");
    assertRefused(() -> MegolmEncrypted.fromContent(MAPPER.readTree(
        "{\"algorithm\":\"m.megolm.v1.aes-sha2\",\"ciphertext\":\"c\"}")), CryptoException.Reason.MALFORMED, "session_id");
    assertThat(MegolmEncrypted.fromContent(MAPPER.readTree(
        "{\"algorithm\":\"m.megolm.v1.aes-sha2\",\"ciphertext\":\"c\",\"session_id\":\"s\"}")))
        .isEqualTo(new MegolmEncrypted("s", "c", null, null));
    assertRefused(() -> OlmPayload.fromJson("[1]"), CryptoException.Reason.MALFORMED, "not a JSON object");
    assertRefused(() -> OlmPayload.fromJson("{\"type\":\"t\",\"content\":{},\"sender\":\"s\",\"recipient\":\"r\","
        + "\"recipient_keys\":{\"ed25519\":\"k\"}}"), CryptoException.Reason.MALFORMED, "keys");
    assertRefused(() -> MegolmPayload.fromJson("{\"type\":\"t\",\"content\":{}}"), CryptoException.Reason.MALFORMED,
        "room_id");
    assertRefused(() -> MegolmPayload.fromJson("{oops"), CryptoException.Reason.MALFORMED, "not JSON");
  }
}

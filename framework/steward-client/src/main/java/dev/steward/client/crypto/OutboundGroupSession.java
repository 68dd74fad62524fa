package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The sending side of a Megolm session ({@code m.megolm.v1.aes-sha2}): encrypts a room's events and gives the session
 * key that {@code m.room_key} shares. The session id is its Ed25519 public key. Not thread-safe.
 */
public final class OutboundGroupSession {
  private final MegolmRatchet ratchet;
  private final Ed25519Pair signing;

  private OutboundGroupSession(MegolmRatchet ratchet, Ed25519Pair signing) {
    this.ratchet = ratchet;
    this.signing = signing;
  }

  /** A new session: random ratchet, index 0, new signing key. */
  public static OutboundGroupSession create() {
    return new OutboundGroupSession(MegolmRatchet.random(), Ed25519Pair.generate());
  }

  /** The session id (unpadded base64 of the Ed25519 public key). */
  public String sessionId() {
    return signing.publicBase64();
  }

  /** The index the next message will have (so also how many messages were encrypted). */
  public long messageIndex() {
    return ratchet.counter();
  }

  /** The signed session key at the current index, unpadded base64, as {@code m.room_key}'s {@code session_key}. */
  public String sessionKey() {
    byte[] shared = MegolmWire.shared(MegolmWire.SESSION_KEY_VERSION, ratchet, signing.publicKey());
    return UnpaddedBase64.encode(OlmSession.concat(shared, signing.sign(shared)));
  }

  /** Encrypts UTF-8 text (the JSON of an event's type, content and room id) and moves the ratchet on. */
  public String encrypt(String plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] keys = ratchet.messageKeys();
    byte[] ciphertext = Primitives.aesCbcEncrypt(Arrays.copyOfRange(keys, 0, 32), Arrays.copyOfRange(keys, 64, 80),
        plaintext.getBytes(StandardCharsets.UTF_8));
    byte[] body = MegolmWire.messageBody(ratchet.counter(), ciphertext);
    byte[] mac = Arrays.copyOf(Primitives.hmacSha256(Arrays.copyOfRange(keys, 32, 64), body), MegolmWire.MAC_LENGTH);
    byte[] authenticated = OlmSession.concat(body, mac);
    ratchet.advance();
    return UnpaddedBase64.encode(OlmSession.concat(authenticated, signing.sign(authenticated)));
  }

  /** This session's state in our own JSON form (private keys included: store it encrypted). */
  public String toState() {
    ObjectNode node = State.start("megolm.outbound");
    node.put("ratchet", State.b64(ratchet.data()));
    node.put("index", ratchet.counter());
    node.put("ed25519_seed", State.b64(signing.seed()));
    return State.write(node);
  }

  /**
   * A session from {@link #toState()}.
   *
   * @throws CryptoException {@code BAD_STATE} when the text is not such a state
   */
  public static OutboundGroupSession fromState(String state) {
    JsonNode node = State.read(state, "megolm.outbound");
    return new OutboundGroupSession(
        new MegolmRatchet(State.bytes(node, "ratchet", MegolmRatchet.LENGTH), State.number(node, "index")),
        Ed25519Pair.fromSeed(State.bytes(node, "ed25519_seed", 32)));
  }
}

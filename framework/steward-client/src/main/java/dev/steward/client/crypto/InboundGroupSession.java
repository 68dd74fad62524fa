package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The receiving side of a Megolm session: decrypts a room's events from one sender's session, from the signed session
 * key of {@code m.room_key} or the export of {@code m.forwarded_room_key}. Refuses a message index decrypted before
 * for a different event (a replay). Not thread-safe.
 */
public final class InboundGroupSession {
  /** A decrypted event payload and the index it had in the session. */
  public record Decrypted(String plaintext, long messageIndex) {}

  private final MegolmRatchet initial;
  private MegolmRatchet latest;
  private final byte[] signingKey;
  private final boolean verified;
  private final Map<Long, String> eventIdByIndex = new TreeMap<>();

  private InboundGroupSession(MegolmRatchet initial, MegolmRatchet latest, byte[] signingKey, boolean verified) {
    this.initial = initial;
    this.latest = latest;
    this.signingKey = signingKey;
    this.verified = verified;
  }

  /**
   * From the signed session key (unpadded base64) of an {@code m.room_key}.
   *
   * @throws CryptoException {@code MALFORMED} or {@code BAD_SIGNATURE}
   */
  public static InboundGroupSession fromSessionKey(String sessionKey) {
    MegolmWire.Shared shared = MegolmWire.parseShared(
        UnpaddedBase64.decode(Objects.requireNonNull(sessionKey, "sessionKey")), MegolmWire.SESSION_KEY_VERSION);
    return new InboundGroupSession(shared.ratchet(), shared.ratchet().copy(), shared.signingKey(), true);
  }

  /**
   * From an export (unpadded base64) as in {@code m.forwarded_room_key}. It carries no signature of its own, so the
   * session is not {@link #isVerified() verified}: trust it only as far as whoever forwarded it.
   *
   * @throws CryptoException {@code MALFORMED}
   */
  public static InboundGroupSession fromExport(String exported) {
    MegolmWire.Shared shared = MegolmWire.parseShared(
        UnpaddedBase64.decode(Objects.requireNonNull(exported, "exported")), MegolmWire.EXPORT_VERSION);
    return new InboundGroupSession(shared.ratchet(), shared.ratchet().copy(), shared.signingKey(), false);
  }

  /** The session id (the sender's Ed25519 session key, unpadded base64). */
  public String sessionId() {
    return UnpaddedBase64.encode(signingKey);
  }

  /** The earliest message index this session can decrypt. */
  public long firstKnownIndex() {
    return initial.counter();
  }

  /** Whether the session key came signed by the session's own key (true from a session key, false from an export). */
  public boolean isVerified() {
    return verified;
  }

  /**
   * Decrypts a Megolm message (the {@code ciphertext} of an {@code m.room.encrypted} event) of event {@code eventId}.
   *
   * @throws CryptoException {@code MALFORMED}, {@code BAD_SIGNATURE}, {@code BAD_MAC}, {@code UNKNOWN_MESSAGE_INDEX}
   *     (before {@link #firstKnownIndex()}) or {@code REPLAYED_INDEX} (the index was decrypted for another event)
   */
  public Decrypted decrypt(String ciphertext, String eventId) {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(ciphertext, "ciphertext");
    MegolmWire.Message message = MegolmWire.parseMessage(UnpaddedBase64.decode(ciphertext));
    if (!Primitives.ed25519Verify(signingKey, message.signed(), message.signature())) {
      throw new CryptoException(CryptoException.Reason.BAD_SIGNATURE, "the Megolm message's signature does not verify");
    }
    long index = message.index();
    if (index < initial.counter()) {
      throw new CryptoException(CryptoException.Reason.UNKNOWN_MESSAGE_INDEX,
          "message index " + index + " is before the first known index " + initial.counter());
    }
    String seenFor = eventIdByIndex.get(index);
    if (seenFor != null && !seenFor.equals(eventId)) {
      throw new CryptoException(CryptoException.Reason.REPLAYED_INDEX,
          "message index " + index + " was decrypted before for event " + seenFor + ", now claimed by " + eventId);
    }
    MegolmRatchet ratchet = ratchetAt(index);
    byte[] keys = ratchet.messageKeys();
    byte[] mac = Arrays.copyOf(Primitives.hmacSha256(Arrays.copyOfRange(keys, 32, 64), message.authenticated()),
        MegolmWire.MAC_LENGTH);
    if (!Primitives.constantTimeEquals(mac, message.mac())) {
      throw new CryptoException(CryptoException.Reason.BAD_MAC, "the Megolm message's MAC does not match");
    }
    byte[] plaintext = Primitives.aesCbcDecrypt(Arrays.copyOfRange(keys, 0, 32), Arrays.copyOfRange(keys, 64, 80),
        message.ciphertext());
    if (index >= latest.counter()) {
      latest = ratchet;
    }
    eventIdByIndex.put(index, eventId);
    return new Decrypted(new String(plaintext, StandardCharsets.UTF_8), index);
  }

  /**
   * The session from {@code messageIndex} on, in the export format (unpadded base64) for
   * {@code m.forwarded_room_key}.
   *
   * @throws CryptoException {@code UNKNOWN_MESSAGE_INDEX} when the index is before {@link #firstKnownIndex()}
   */
  public String export(long messageIndex) {
    if (messageIndex < initial.counter() || messageIndex > OlmWire.MAX_INDEX) {
      throw new CryptoException(CryptoException.Reason.UNKNOWN_MESSAGE_INDEX,
          "cannot export from index " + messageIndex + "; the first known index is " + initial.counter());
    }
    return UnpaddedBase64.encode(MegolmWire.shared(MegolmWire.EXPORT_VERSION, ratchetAt(messageIndex), signingKey));
  }

  private MegolmRatchet ratchetAt(long index) {
    MegolmRatchet ratchet = (index >= latest.counter() ? latest : initial).copy();
    ratchet.advanceTo(index);
    return ratchet;
  }

  /** This session's state in our own JSON form (ratchet values included: store it encrypted). */
  public String toState() {
    ObjectNode node = State.start("megolm.inbound");
    node.put("initial_ratchet", State.b64(initial.data()));
    node.put("initial_index", initial.counter());
    node.put("latest_ratchet", State.b64(latest.data()));
    node.put("latest_index", latest.counter());
    node.put("signing_key", State.b64(signingKey));
    node.put("verified", verified);
    ObjectNode seen = node.putObject("decrypted_event_ids");
    eventIdByIndex.forEach((index, eventId) -> seen.put(Long.toString(index), eventId));
    return State.write(node);
  }

  /**
   * A session from {@link #toState()}.
   *
   * @throws CryptoException {@code BAD_STATE} when the text is not such a state
   */
  public static InboundGroupSession fromState(String state) {
    JsonNode node = State.read(state, "megolm.inbound");
    InboundGroupSession session = new InboundGroupSession(
        ratchet(node, "initial_ratchet", "initial_index"), ratchet(node, "latest_ratchet", "latest_index"),
        State.bytes(node, "signing_key", 32), State.flag(node, "verified"));
    JsonNode seen = node.get("decrypted_event_ids");
    if (seen == null || !seen.isObject()) {
      throw State.bad("no decrypted_event_ids");
    }
    for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) seen::fields) {
      try {
        session.eventIdByIndex.put(Long.parseLong(entry.getKey()), entry.getValue().asText());
      } catch (NumberFormatException e) {
        throw State.bad("decrypted_event_ids has a key that is not an index: " + entry.getKey());
      }
    }
    return session;
  }

  private static MegolmRatchet ratchet(JsonNode node, String data, String index) {
    return new MegolmRatchet(State.bytes(node, data, MegolmRatchet.LENGTH), State.number(node, index));
  }
}

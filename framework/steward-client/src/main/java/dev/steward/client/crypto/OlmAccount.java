package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A device's Olm account: its Curve25519 and Ed25519 identity keys, its one-time keys and fallback key, and the
 * sessions it starts. Key ids are unpadded base64 of a 32-bit counter, as libolm writes them. Not thread-safe.
 */
public final class OlmAccount {
  /** One-time keys kept at most (the oldest go first), as libolm keeps. */
  public static final int MAX_ONE_TIME_KEYS = 100;

  private record OneTimeKey(String id, Curve25519Pair pair, boolean published) {}

  /** What a pre-key message started: the new session and the message's plaintext. */
  public record InboundSession(OlmSession session, String plaintext) {}

  private final Curve25519Pair identity;
  private final Ed25519Pair signing;
  private final Map<String, OneTimeKey> oneTimeKeys = new LinkedHashMap<>();
  private OneTimeKey fallback;
  private OneTimeKey previousFallback;
  private long nextKeyId;

  private OlmAccount(Curve25519Pair identity, Ed25519Pair signing) {
    this.identity = identity;
    this.signing = signing;
  }

  /** A new account with fresh identity keys and no one-time keys. */
  public static OlmAccount create() {
    return new OlmAccount(Curve25519Pair.generate(), Ed25519Pair.generate());
  }

  /** The Curve25519 identity key, unpadded base64 (the device's {@code curve25519:DEVICE} key). */
  public String curve25519Key() {
    return identity.publicBase64();
  }

  /** The Ed25519 signing key, unpadded base64 (the device's {@code ed25519:DEVICE} key). */
  public String ed25519Key() {
    return signing.publicBase64();
  }

  /** Signs bytes with the Ed25519 identity key; the signature in unpadded base64. */
  public String sign(byte[] message) {
    return UnpaddedBase64.encode(signing.sign(Objects.requireNonNull(message, "message")));
  }

  /** Signs the UTF-8 bytes of text (for JSON, sign its canonical form: {@link CanonicalJson}). */
  public String sign(String message) {
    return sign(Objects.requireNonNull(message, "message").getBytes(StandardCharsets.UTF_8));
  }

  /** Makes {@code count} new one-time keys; past {@link #MAX_ONE_TIME_KEYS} the oldest are forgotten. */
  public void generateOneTimeKeys(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    for (int i = 0; i < count; i++) {
      String id = nextId();
      oneTimeKeys.put(id, new OneTimeKey(id, Curve25519Pair.generate(), false));
    }
    for (Iterator<String> it = oneTimeKeys.keySet().iterator(); oneTimeKeys.size() > MAX_ONE_TIME_KEYS; ) {
      it.next();
      it.remove();
    }
  }

  /** The one-time keys not yet published, key id to unpadded base64 public key, oldest first. */
  public Map<String, String> unpublishedOneTimeKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    oneTimeKeys.values().stream().filter(k -> !k.published())
        .forEach(k -> keys.put(k.id(), k.pair().publicBase64()));
    return keys;
  }

  /** How many one-time keys this account holds, published or not. */
  public int oneTimeKeyCount() {
    return oneTimeKeys.size();
  }

  /** Makes a new fallback key; the one before stays usable until {@link #forgetOldFallbackKey()}. */
  public void generateFallbackKey() {
    previousFallback = fallback;
    String id = nextId();
    fallback = new OneTimeKey(id, Curve25519Pair.generate(), false);
  }

  /** The fallback key if not yet published, key id to unpadded base64 public key; else empty. */
  public Map<String, String> unpublishedFallbackKey() {
    return fallback == null || fallback.published() ? Map.of() : Map.of(fallback.id(), fallback.pair().publicBase64());
  }

  /** Forgets the fallback key that a newer one replaced (once no pre-key message can name it any more). */
  public void forgetOldFallbackKey() {
    previousFallback = null;
  }

  /** Marks every one-time key and the fallback key as published (after a successful upload). */
  public void markKeysAsPublished() {
    oneTimeKeys.replaceAll((id, k) -> new OneTimeKey(id, k.pair(), true));
    if (fallback != null) {
      fallback = new OneTimeKey(fallback.id(), fallback.pair(), true);
    }
  }

  /**
   * Marks the one-time keys and the fallback key with these ids as published (after an upload of just those): keys
   * made while the upload was under way stay unpublished, for the next one.
   */
  public void markKeysAsPublished(java.util.Collection<String> keyIds) {
    Objects.requireNonNull(keyIds, "keyIds");
    oneTimeKeys.replaceAll((id, k) -> keyIds.contains(id) ? new OneTimeKey(id, k.pair(), true) : k);
    if (fallback != null && keyIds.contains(fallback.id())) {
      fallback = new OneTimeKey(fallback.id(), fallback.pair(), true);
    }
  }

  private String nextId() {
    nextKeyId++;
    return UnpaddedBase64.encode(ByteBuffer.allocate(4).putInt((int) nextKeyId).array());
  }

  /**
   * Starts a session to another device from its Curve25519 identity key and a one-time key claimed from it.
   *
   * @throws CryptoException {@code MALFORMED} when a key is not a base64 Curve25519 key
   */
  public OlmSession createOutboundSession(String theirIdentityKey, String theirOneTimeKey) {
    byte[] identityKey = curveKey(theirIdentityKey, "theirIdentityKey");
    byte[] oneTimeKey = curveKey(theirOneTimeKey, "theirOneTimeKey");
    return OlmSession.outbound(identity, identityKey, oneTimeKey);
  }

  /**
   * Starts the session a pre-key message asks for and decrypts that message. The one-time key it used is removed
   * only once the message authenticates (a fallback key stays).
   *
   * @param theirIdentityKey the sender's Curve25519 key as the event claims it ({@code sender_key}); the message must
   *     carry the same one
   * @throws CryptoException {@code UNKNOWN_SESSION} when the message names a one-time key this account does not
   *     have or another identity key; {@code MALFORMED} or {@code BAD_MAC} for a bad message
   */
  public InboundSession createInboundSession(String theirIdentityKey, OlmMessage preKeyMessage) {
    Objects.requireNonNull(preKeyMessage, "preKeyMessage");
    if (!preKeyMessage.isPreKey()) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "only a pre-key message can start a session");
    }
    byte[] claimed = curveKey(theirIdentityKey, "theirIdentityKey");
    OlmWire.PreKey preKey = OlmWire.parsePreKey(UnpaddedBase64.decode(preKeyMessage.body()));
    if (!Arrays.equals(preKey.identityKey(), claimed)) {
      throw new CryptoException(CryptoException.Reason.UNKNOWN_SESSION,
          "the pre-key message carries another identity key than its sender's");
    }
    OneTimeKey used = findKey(preKey.oneTimeKey());
    if (used == null) {
      throw new CryptoException(CryptoException.Reason.UNKNOWN_SESSION,
          "the pre-key message names a one-time key this account does not have (used already?)");
    }
    OlmSession session = OlmSession.inbound(identity, used.pair(), preKey);
    String plaintext = session.decrypt(preKeyMessage);
    oneTimeKeys.remove(used.id());
    return new InboundSession(session, plaintext);
  }

  private OneTimeKey findKey(byte[] publicKey) {
    for (OneTimeKey key : oneTimeKeys.values()) {
      if (Arrays.equals(key.pair().publicKey(), publicKey)) {
        return key;
      }
    }
    for (OneTimeKey key : new OneTimeKey[] {fallback, previousFallback}) {
      if (key != null && Arrays.equals(key.pair().publicKey(), publicKey)) {
        return key;
      }
    }
    return null;
  }

  private static byte[] curveKey(String base64, String name) {
    byte[] key = UnpaddedBase64.decode(Objects.requireNonNull(base64, name));
    if (key.length != Primitives.KEY_LENGTH) {
      throw new CryptoException(CryptoException.Reason.MALFORMED,
          name + " is not a Curve25519 key: " + key.length + " bytes");
    }
    return key;
  }

  /** This account's state in our own JSON form (private keys included: store it encrypted). */
  public String toState() {
    ObjectNode node = State.start("olm.account");
    node.put("curve25519_private_key", State.b64(identity.privateKey()));
    node.put("ed25519_seed", State.b64(signing.seed()));
    node.put("next_key_id", nextKeyId);
    ArrayNode keys = node.putArray("one_time_keys");
    oneTimeKeys.values().forEach(k -> keys.add(keyState(k)));
    if (fallback != null) {
      node.set("fallback_key", keyState(fallback));
    }
    if (previousFallback != null) {
      node.set("previous_fallback_key", keyState(previousFallback));
    }
    return State.write(node);
  }

  private static ObjectNode keyState(OneTimeKey key) {
    return State.object().put("id", key.id()).put("private_key", State.b64(key.pair().privateKey()))
        .put("published", key.published());
  }

  /**
   * An account from {@link #toState()}.
   *
   * @throws CryptoException {@code BAD_STATE} when the text is not such a state
   */
  public static OlmAccount fromState(String state) {
    JsonNode node = State.read(state, "olm.account");
    OlmAccount account = new OlmAccount(Curve25519Pair.fromPrivate(State.bytes(node, "curve25519_private_key", 32)),
        Ed25519Pair.fromSeed(State.bytes(node, "ed25519_seed", 32)));
    account.nextKeyId = State.number(node, "next_key_id");
    for (JsonNode key : State.array(node, "one_time_keys")) {
      OneTimeKey parsed = readKey(key);
      account.oneTimeKeys.put(parsed.id(), parsed);
    }
    account.fallback = node.has("fallback_key") ? readKey(node.get("fallback_key")) : null;
    account.previousFallback = node.has("previous_fallback_key") ? readKey(node.get("previous_fallback_key")) : null;
    return account;
  }

  private static OneTimeKey readKey(JsonNode key) {
    return new OneTimeKey(State.text(key, "id"), Curve25519Pair.fromPrivate(State.bytes(key, "private_key", 32)),
        State.flag(key, "published"));
  }
}

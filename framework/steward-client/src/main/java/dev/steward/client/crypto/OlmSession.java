package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * One Olm session with one other device: the double ratchet of the Olm specification over Curve25519, HKDF-SHA-256
 * ({@code OLM_ROOT}, {@code OLM_RATCHET}, {@code OLM_KEYS}), AES-256-CBC and an 8-byte HMAC-SHA-256. Made by
 * {@link OlmAccount#createOutboundSession} or {@link OlmAccount#createInboundSession}; kept with {@link #toState()}.
 * Not thread-safe: a caller serialises use of one session.
 */
public final class OlmSession {
  /** Receiver chains kept for late messages of earlier ratchet steps. */
  static final int MAX_RECEIVER_CHAINS = 5;
  /** Message keys kept for messages skipped within a chain (oldest dropped first). */
  static final int MAX_SKIPPED_KEYS = 40;
  /** How far ahead of its chain a message may be before it is refused rather than ratcheted to. */
  static final int MAX_MESSAGE_GAP = 2000;

  private static final byte[] ROOT_INFO = "OLM_ROOT".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RATCHET_INFO = "OLM_RATCHET".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEYS_INFO = "OLM_KEYS".getBytes(StandardCharsets.US_ASCII);

  private record ReceiverChain(byte[] ratchetKey, byte[] chainKey, long index) {}

  private record SkippedKey(byte[] ratchetKey, long index, byte[] messageKey) {}

  // The three keys that name the session (Alice's identity and base keys, Bob's one-time key) and the peer's identity.
  private final byte[] aliceIdentityKey;
  private final byte[] aliceBaseKey;
  private final byte[] bobOneTimeKey;
  private final byte[] theirIdentityKey;

  private byte[] rootKey;
  private Curve25519Pair senderRatchet;
  private byte[] senderChainKey;
  private long senderIndex;
  private final List<ReceiverChain> receivers = new ArrayList<>();
  private final List<SkippedKey> skipped = new ArrayList<>();
  private boolean receivedMessage;

  private OlmSession(byte[] aliceIdentityKey, byte[] aliceBaseKey, byte[] bobOneTimeKey, byte[] theirIdentityKey) {
    this.aliceIdentityKey = aliceIdentityKey;
    this.aliceBaseKey = aliceBaseKey;
    this.bobOneTimeKey = bobOneTimeKey;
    this.theirIdentityKey = theirIdentityKey;
  }

  /** Alice's side: a session to a device whose identity key and one of whose one-time keys she has claimed. */
  static OlmSession outbound(Curve25519Pair identity, byte[] theirIdentityKey, byte[] theirOneTimeKey) {
    Curve25519Pair base = Curve25519Pair.generate();
    byte[] secret = concat(identity.agree(theirOneTimeKey), base.agree(theirIdentityKey), base.agree(theirOneTimeKey));
    byte[] derived = Primitives.hkdf(null, secret, ROOT_INFO, 64);
    OlmSession session = new OlmSession(identity.publicKey(), base.publicKey(), theirOneTimeKey, theirIdentityKey);
    session.rootKey = Arrays.copyOfRange(derived, 0, 32);
    session.senderRatchet = Curve25519Pair.generate();
    session.senderChainKey = Arrays.copyOfRange(derived, 32, 64);
    return session;
  }

  /** Bob's side: the session a pre-key message starts, using the one-time (or fallback) key it names. */
  static OlmSession inbound(Curve25519Pair identity, Curve25519Pair oneTimeKey, OlmWire.PreKey preKey) {
    OlmWire.Normal first = OlmWire.parseNormal(preKey.message());
    byte[] secret = concat(oneTimeKey.agree(preKey.identityKey()), identity.agree(preKey.baseKey()),
        oneTimeKey.agree(preKey.baseKey()));
    byte[] derived = Primitives.hkdf(null, secret, ROOT_INFO, 64);
    OlmSession session =
        new OlmSession(preKey.identityKey(), preKey.baseKey(), oneTimeKey.publicKey(), preKey.identityKey());
    session.rootKey = Arrays.copyOfRange(derived, 0, 32);
    session.receivers.add(new ReceiverChain(first.ratchetKey(), Arrays.copyOfRange(derived, 32, 64), 0));
    session.receivedMessage = true;
    return session;
  }

  /** The session's id: unpadded base64 of SHA-256 over Alice's identity key, her base key and Bob's one-time key. */
  public String sessionId() {
    return UnpaddedBase64.encode(Primitives.sha256(concat(aliceIdentityKey, aliceBaseKey, bobOneTimeKey)));
  }

  /** The other device's Curve25519 identity key. */
  public String theirIdentityKey() {
    return UnpaddedBase64.encode(theirIdentityKey);
  }

  /** Whether a message from the other side has been decrypted (until then this side sends pre-key messages). */
  public boolean hasReceivedMessage() {
    return receivedMessage;
  }

  /**
   * Whether a pre-key message was sent for this session (so it should be decrypted here, not start a new one).
   *
   * @throws CryptoException {@code MALFORMED} when the body is not a pre-key message
   */
  public boolean matchesInbound(String preKeyBody) {
    Objects.requireNonNull(preKeyBody, "preKeyBody");
    OlmWire.PreKey preKey = OlmWire.parsePreKey(UnpaddedBase64.decode(preKeyBody));
    return Arrays.equals(preKey.identityKey(), aliceIdentityKey) && Arrays.equals(preKey.baseKey(), aliceBaseKey)
        && Arrays.equals(preKey.oneTimeKey(), bobOneTimeKey);
  }

  /** Encrypts UTF-8 text (in Matrix, the JSON of a to-device payload). */
  public OlmMessage encrypt(String plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    if (senderRatchet == null) {
      // A new ratchet step: our new key against the newest key we received.
      Curve25519Pair ratchet = Curve25519Pair.generate();
      byte[] derived = Primitives.hkdf(rootKey, ratchet.agree(receivers.get(0).ratchetKey()), RATCHET_INFO, 64);
      rootKey = Arrays.copyOfRange(derived, 0, 32);
      senderRatchet = ratchet;
      senderChainKey = Arrays.copyOfRange(derived, 32, 64);
      senderIndex = 0;
    }
    byte[] messageKey = messageKey(senderChainKey);
    long index = senderIndex;
    senderChainKey = nextChainKey(senderChainKey);
    senderIndex++;

    byte[] keys = Primitives.hkdf(null, messageKey, KEYS_INFO, 80);
    byte[] ciphertext = Primitives.aesCbcEncrypt(aesKey(keys), iv(keys), plaintext.getBytes(StandardCharsets.UTF_8));
    byte[] body = OlmWire.normalBody(senderRatchet.publicKey(), index, ciphertext);
    byte[] normal = concat(body, mac(keys, body));
    if (receivedMessage) {
      return new OlmMessage(OlmMessage.NORMAL, UnpaddedBase64.encode(normal));
    }
    byte[] preKey = OlmWire.preKey(bobOneTimeKey, aliceBaseKey, aliceIdentityKey, normal);
    return new OlmMessage(OlmMessage.PRE_KEY, UnpaddedBase64.encode(preKey));
  }

  /**
   * Decrypts a message of this session. The session changes only when the message authenticates.
   *
   * @throws CryptoException {@code MALFORMED}, {@code BAD_MAC}, {@code UNKNOWN_SESSION} (a pre-key message of
   *     another session, or a ratchet key this session cannot follow), {@code UNKNOWN_MESSAGE_INDEX} (a message key
   *     already used or no longer kept) or {@code TOO_FAR_AHEAD}
   */
  public String decrypt(OlmMessage message) {
    Objects.requireNonNull(message, "message");
    byte[] data = UnpaddedBase64.decode(message.body());
    if (message.isPreKey()) {
      OlmWire.PreKey preKey = OlmWire.parsePreKey(data);
      if (!Arrays.equals(preKey.identityKey(), aliceIdentityKey) || !Arrays.equals(preKey.baseKey(), aliceBaseKey)
          || !Arrays.equals(preKey.oneTimeKey(), bobOneTimeKey)) {
        throw new CryptoException(CryptoException.Reason.UNKNOWN_SESSION, "the pre-key message is for another session");
      }
      data = preKey.message();
    }
    return new String(decryptNormal(OlmWire.parseNormal(data)), StandardCharsets.UTF_8);
  }

  private byte[] decryptNormal(OlmWire.Normal message) {
    ReceiverChain chain = receivers.stream().filter(c -> Arrays.equals(c.ratchetKey(), message.ratchetKey()))
        .findFirst().orElse(null);
    if (chain != null && message.chainIndex() < chain.index()) {
      return decryptSkipped(message);
    }
    byte[] newRoot = null;
    if (chain == null) {
      if (senderRatchet == null) {
        throw new CryptoException(CryptoException.Reason.UNKNOWN_SESSION, "a ratchet key this session cannot follow");
      }
      byte[] derived = Primitives.hkdf(rootKey, senderRatchet.agree(message.ratchetKey()), RATCHET_INFO, 64);
      newRoot = Arrays.copyOfRange(derived, 0, 32);
      chain = new ReceiverChain(message.ratchetKey(), Arrays.copyOfRange(derived, 32, 64), 0);
    }
    if (message.chainIndex() - chain.index() > MAX_MESSAGE_GAP) {
      throw new CryptoException(CryptoException.Reason.TOO_FAR_AHEAD,
          "chain index " + message.chainIndex() + " is more than " + MAX_MESSAGE_GAP + " ahead of " + chain.index());
    }
    // Work on copies: nothing changes unless the message authenticates.
    List<SkippedKey> newlySkipped = new ArrayList<>();
    byte[] chainKey = chain.chainKey();
    for (long i = chain.index(); i < message.chainIndex(); i++) {
      newlySkipped.add(new SkippedKey(message.ratchetKey(), i, messageKey(chainKey)));
      chainKey = nextChainKey(chainKey);
    }
    byte[] plaintext = open(messageKey(chainKey), message);

    ReceiverChain advanced = new ReceiverChain(message.ratchetKey(), nextChainKey(chainKey), message.chainIndex() + 1);
    if (newRoot != null) {
      rootKey = newRoot;
      receivers.add(0, advanced);
      while (receivers.size() > MAX_RECEIVER_CHAINS) {
        receivers.remove(receivers.size() - 1);
      }
      // The other side has ratcheted: our next message starts a new step.
      senderRatchet = null;
      senderChainKey = null;
      senderIndex = 0;
    } else {
      receivers.set(receivers.indexOf(chain), advanced);
    }
    skipped.addAll(newlySkipped);
    while (skipped.size() > MAX_SKIPPED_KEYS) {
      skipped.remove(0);
    }
    receivedMessage = true;
    return plaintext;
  }

  private byte[] decryptSkipped(OlmWire.Normal message) {
    for (Iterator<SkippedKey> it = skipped.iterator(); it.hasNext(); ) {
      SkippedKey key = it.next();
      if (key.index() == message.chainIndex() && Arrays.equals(key.ratchetKey(), message.ratchetKey())) {
        byte[] plaintext = open(key.messageKey(), message);
        it.remove();
        return plaintext;
      }
    }
    throw new CryptoException(CryptoException.Reason.UNKNOWN_MESSAGE_INDEX,
        "the key of chain index " + message.chainIndex() + " was used already or is no longer kept");
  }

  private static byte[] open(byte[] messageKey, OlmWire.Normal message) {
    byte[] keys = Primitives.hkdf(null, messageKey, KEYS_INFO, 80);
    if (!Primitives.constantTimeEquals(mac(keys, message.authenticated()), message.mac())) {
      throw new CryptoException(CryptoException.Reason.BAD_MAC, "the Olm message's MAC does not match");
    }
    return Primitives.aesCbcDecrypt(aesKey(keys), iv(keys), message.ciphertext());
  }

  private static byte[] messageKey(byte[] chainKey) {
    return Primitives.hmacSha256(chainKey, new byte[] {1});
  }

  private static byte[] nextChainKey(byte[] chainKey) {
    return Primitives.hmacSha256(chainKey, new byte[] {2});
  }

  private static byte[] aesKey(byte[] keys) {
    return Arrays.copyOfRange(keys, 0, 32);
  }

  private static byte[] iv(byte[] keys) {
    return Arrays.copyOfRange(keys, 64, 80);
  }

  private static byte[] mac(byte[] keys, byte[] authenticated) {
    return Arrays.copyOf(Primitives.hmacSha256(Arrays.copyOfRange(keys, 32, 64), authenticated), OlmWire.MAC_LENGTH);
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /** This session's state in our own JSON form (private keys included: store it encrypted). */
  public String toState() {
    ObjectNode node = State.start("olm.session");
    node.put("alice_identity_key", State.b64(aliceIdentityKey));
    node.put("alice_base_key", State.b64(aliceBaseKey));
    node.put("bob_one_time_key", State.b64(bobOneTimeKey));
    node.put("their_identity_key", State.b64(theirIdentityKey));
    node.put("root_key", State.b64(rootKey));
    node.put("received_message", receivedMessage);
    if (senderRatchet != null) {
      ObjectNode sender = node.putObject("sender_chain");
      sender.put("ratchet_private_key", State.b64(senderRatchet.privateKey()));
      sender.put("chain_key", State.b64(senderChainKey));
      sender.put("index", senderIndex);
    }
    ArrayNode chains = node.putArray("receiver_chains");
    for (ReceiverChain chain : receivers) {
      chains.addObject().put("ratchet_key", State.b64(chain.ratchetKey())).put("chain_key", State.b64(chain.chainKey()))
          .put("index", chain.index());
    }
    ArrayNode keys = node.putArray("skipped_message_keys");
    for (SkippedKey key : skipped) {
      keys.addObject().put("ratchet_key", State.b64(key.ratchetKey())).put("index", key.index())
          .put("message_key", State.b64(key.messageKey()));
    }
    return State.write(node);
  }

  /**
   * A session from {@link #toState()}.
   *
   * @throws CryptoException {@code BAD_STATE} when the text is not such a state
   */
  public static OlmSession fromState(String state) {
    JsonNode node = State.read(state, "olm.session");
    OlmSession session = new OlmSession(State.bytes(node, "alice_identity_key", 32),
        State.bytes(node, "alice_base_key", 32), State.bytes(node, "bob_one_time_key", 32),
        State.bytes(node, "their_identity_key", 32));
    session.rootKey = State.bytes(node, "root_key", 32);
    session.receivedMessage = State.flag(node, "received_message");
    JsonNode sender = node.get("sender_chain");
    if (sender != null) {
      session.senderRatchet = Curve25519Pair.fromPrivate(State.bytes(sender, "ratchet_private_key", 32));
      session.senderChainKey = State.bytes(sender, "chain_key", 32);
      session.senderIndex = State.number(sender, "index");
    }
    for (JsonNode chain : State.array(node, "receiver_chains")) {
      session.receivers.add(new ReceiverChain(State.bytes(chain, "ratchet_key", 32),
          State.bytes(chain, "chain_key", 32), State.number(chain, "index")));
    }
    for (JsonNode key : State.array(node, "skipped_message_keys")) {
      session.skipped.add(new SkippedKey(State.bytes(key, "ratchet_key", 32), State.number(key, "index"),
          State.bytes(key, "message_key", 32)));
    }
    if (session.senderRatchet == null && session.receivers.isEmpty()) {
      throw State.bad("a session with neither a sender nor a receiver chain");
    }
    return session;
  }
}

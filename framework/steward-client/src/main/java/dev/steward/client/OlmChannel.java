package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.crypto.OlmAccount;
import dev.steward.client.crypto.OlmEncrypted;
import dev.steward.client.crypto.OlmMessage;
import dev.steward.client.crypto.OlmPayload;
import dev.steward.client.crypto.OlmSession;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * This device's Olm account and its Olm sessions with other devices ({@code account}, {@code olm_session} in the
 * store): decrypting to-device {@code m.room.encrypted} and encrypting to devices. Everything runs under the account's
 * lock (the account and sessions are not thread-safe; {@link Keys} takes the same lock), and every change is written
 * to the store before it is used: a new inbound session together with the account whose one-time key it used up.
 * A session is kept once a message authenticates, even when its payload is then refused (misaddressed).
 */
final class OlmChannel {
  static final String ACCOUNT = "account";
  static final String ACCOUNT_KEY = "self";
  static final String SESSION = "olm_session";

  /** A session and when it last carried a message (the newest is the one to encrypt with). */
  private static final class Entry {
    final OlmSession session;
    long lastUsed;

    Entry(OlmSession session, long lastUsed) {
      this.session = session;
      this.lastUsed = lastUsed;
    }
  }

  /** A to-device message decrypted and checked: its payload, and the Curve25519 key of the device that sent it. */
  record Received(OlmPayload payload, String senderKey) {}

  final OlmAccount account;
  private final CryptoStore store;
  private final String userId;
  private final String deviceId;
  private final LongSupplier clock;
  private final Map<String, List<Entry>> sessions = new ConcurrentHashMap<>();

  OlmChannel(OlmAccount account, CryptoStore store, String userId, String deviceId, LongSupplier clock) {
    this.account = account;
    this.store = store;
    this.userId = userId;
    this.deviceId = deviceId;
    this.clock = clock;
  }

  /** The account from the store, or a new one (not stored yet). Refuses a stored account of another device. */
  static OlmAccount loadAccount(CryptoStore store, String userId, String deviceId) {
    var stored = store.get(ACCOUNT, ACCOUNT_KEY);
    if (stored.isEmpty()) {
      return OlmAccount.create();
    }
    JsonNode node = readJson(stored.get(), "the stored account");
    String storedUser = node.path("user_id").asText();
    String storedDevice = node.path("device_id").asText();
    if (!storedUser.equals(userId) || !storedDevice.equals(deviceId)) {
      throw new IllegalStateException("the crypto store holds the account of " + storedUser + " device "
          + storedDevice + ", not of " + userId + " device " + deviceId + ": use that device (log in with its device"
          + " id) or another store; a store is never reused for another device");
    }
    return OlmAccount.fromState(node.path("state").asText());
  }

  /** The write that stores the account as it is now. Call under the account's lock. */
  CryptoStore.Write accountWrite() {
    ObjectNode node = Json.mapper().createObjectNode().put("user_id", userId).put("device_id", deviceId)
        .put("state", account.toState());
    return CryptoStore.Write.put(ACCOUNT, ACCOUNT_KEY, node.toString());
  }

  /** Stores the account (after key uploads). */
  void saveAccount() {
    synchronized (account) {
      store.write(List.of(accountWrite()));
    }
  }

  /**
   * Decrypts a to-device {@code m.room.encrypted} from {@code sender}: the sessions with the sender's key first, then
   * a new inbound session for a pre-key message. Checks the payload is addressed to this device.
   *
   * @throws CryptoException for anything refused; the stored state is then unchanged
   */
  Received decrypt(UserId sender, JsonNode content) {
    OlmEncrypted encrypted = OlmEncrypted.fromContent(content);
    String senderKey = encrypted.senderKey();
    OlmMessage message = encrypted.forRecipient(account.curve25519Key());
    synchronized (account) {
      List<Entry> known = sessions(senderKey);
      String plaintext = null;
      Entry used = null;
      CryptoException lastError = null;
      for (Entry e : known) {
        if (message.isPreKey() && !e.session.matchesInbound(message.body())) {
          continue;
        }
        try {
          plaintext = e.session.decrypt(message);
          used = e;
          break;
        } catch (CryptoException ex) {
          lastError = ex;
          if (message.isPreKey()) {
            throw ex; // the pre-key message is this session's: no other session or new one may take it
          }
        }
      }
      List<CryptoStore.Write> writes = new ArrayList<>();
      if (used == null) {
        if (!message.isPreKey()) {
          throw lastError != null ? lastError : new CryptoException(CryptoException.Reason.UNKNOWN_SESSION,
              "no Olm session with sender key " + senderKey + " decrypts this message");
        }
        OlmAccount.InboundSession created = account.createInboundSession(senderKey, message);
        plaintext = created.plaintext();
        used = new Entry(created.session(), clock.getAsLong());
        writes.add(accountWrite()); // the one-time key it used is gone: both change together
      }
      // The message authenticated: the session (new or advanced) is real whatever the payload says, and a new one
      // used up its one-time key, so both are kept before the payload is checked.
      used.lastUsed = clock.getAsLong();
      if (!known.contains(used)) {
        known.add(0, used);
      }
      writes.add(sessionWrite(senderKey, used));
      store.write(writes);
      OlmPayload payload = OlmPayload.fromJson(plaintext);
      payload.checkAddressedTo(sender.value(), userId, account.ed25519Key());
      return new Received(payload, senderKey);
    }
  }

  /** Whether an Olm session with the device of this Curve25519 key exists. */
  boolean hasSession(String curve25519Key) {
    synchronized (account) {
      return !sessions(curve25519Key).isEmpty();
    }
  }

  /** Starts and stores a session to {@code device} from a one-time key claimed from it. */
  void startSession(DeviceKeys device, String oneTimeKey) {
    synchronized (account) {
      Entry e = new Entry(account.createOutboundSession(device.curve25519Key(), oneTimeKey), clock.getAsLong());
      sessions(device.curve25519Key()).add(e);
      store.write(List.of(sessionWrite(device.curve25519Key(), e)));
    }
  }

  /**
   * The {@code m.room.encrypted} content carrying {@code type}/{@code content} to {@code device} over its newest
   * session, the session stored advanced before it is returned.
   *
   * @throws IllegalStateException when there is no session with the device
   */
  ObjectNode encryptTo(DeviceKeys device, String type, JsonNode content) {
    synchronized (account) {
      Entry e = sessions(device.curve25519Key()).stream().max(Comparator.comparingLong(x -> x.lastUsed))
          .orElseThrow(() -> new IllegalStateException("no Olm session with " + device.userId() + " "
              + device.deviceId()));
      String payload = new OlmPayload(type, content, userId, account.ed25519Key(), device.userId(),
          device.ed25519Key()).toJson();
      OlmMessage message = e.session.encrypt(payload);
      e.lastUsed = clock.getAsLong();
      store.write(List.of(sessionWrite(device.curve25519Key(), e)));
      return new OlmEncrypted(account.curve25519Key(), Map.of(device.curve25519Key(), message)).toContent();
    }
  }

  /** How many Olm sessions are stored. */
  int sessionCount() {
    return store.scan(SESSION, "").size();
  }

  private List<Entry> sessions(String senderKey) {
    return sessions.computeIfAbsent(senderKey, k -> {
      List<Entry> loaded = new ArrayList<>();
      store.scan(SESSION, k + "|").forEach((key, value) -> {
        JsonNode node = readJson(value, "stored Olm session " + key);
        loaded.add(new Entry(OlmSession.fromState(node.path("state").asText()), node.path("last_used").asLong()));
      });
      // Newest first: the session a peer most likely uses now is tried first.
      loaded.sort(Comparator.comparingLong((Entry x) -> x.lastUsed).reversed());
      return loaded;
    });
  }

  private static CryptoStore.Write sessionWrite(String senderKey, Entry e) {
    ObjectNode node = Json.mapper().createObjectNode().put("state", e.session.toState()).put("last_used", e.lastUsed);
    return CryptoStore.Write.put(SESSION, senderKey + "|" + e.session.sessionId(), node.toString());
  }

  static JsonNode readJson(String text, String what) {
    try {
      JsonNode node = Json.mapper().readTree(text);
      if (node == null || !node.isObject()) {
        throw new CryptoException(CryptoException.Reason.BAD_STATE, what + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new CryptoException(CryptoException.Reason.BAD_STATE, what + " is not JSON: " + e.getMessage());
    }
  }
}

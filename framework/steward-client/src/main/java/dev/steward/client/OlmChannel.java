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
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * This device's Olm account and its Olm sessions with other devices ({@code account}, {@code olm_session} in the
 * store): decrypting to-device {@code m.room.encrypted} and encrypting to devices. Everything runs under the account's
 * lock (the account and sessions are not thread-safe; {@link Keys} takes the same lock), and every change is written
 * to the store before it is used: a new inbound session together with the account whose one-time key it used up,
 * and a session a message advanced together with what the message carried (a room key). A session is kept once a
 * message authenticates, even when its payload is then refused (misaddressed).
 */
final class OlmChannel {
  static final String ACCOUNT = "account";
  static final String ACCOUNT_KEY = "self";
  static final String SESSION = "olm_session";

  /** A session and when it last carried a message (the newest is the one to encrypt with). */
  private static final class Entry {
    OlmSession session;
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
  /**
   * The last messages decrypted (sender key and body to what they said), guarded by the account's lock. A batch that
   * failed after its to-device message was decrypted (a room key the store could not take) comes again with the same
   * message, which its advanced session can no longer decrypt: it is answered from here instead.
   */
  private final Map<String, Received> recent = new java.util.LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Received> eldest) {
      return size() > 256;
    }
  };

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
    return accountWrite(account);
  }

  private CryptoStore.Write accountWrite(OlmAccount state) {
    ObjectNode node = Json.mapper().createObjectNode().put("user_id", userId).put("device_id", deviceId)
        .put("state", state.toState());
    return CryptoStore.Write.put(ACCOUNT, ACCOUNT_KEY, node.toString());
  }

  /** Stores the account (after key uploads). */
  void saveAccount() {
    synchronized (account) {
      store.write(List.of(accountWrite()));
    }
  }

  /**
   * What a caller makes of a decrypted message: the records to store in the same write as the Olm session (and
   * account) the message advanced, so that a crash or a store failure keeps both or neither, and its result, asked
   * for once they are stored.
   */
  record Use<T>(List<CryptoStore.Write> writes, Supplier<T> whenStored) {
    Use {
      writes = List.copyOf(writes);
    }
  }

  /**
   * Decrypts a to-device {@code m.room.encrypted} from {@code sender}: the sessions with the sender's key first, then
   * a new inbound session for a pre-key message. Checks the payload is addressed to this device, then hands it to
   * {@code use} (under the account's lock: no calls to the homeserver in it) and stores what that returns in one
   * write with the advanced session. When {@code use} refuses the payload (throws), the session is stored alone: the
   * message authenticated, so it is real whatever its payload says.
   *
   * @throws CryptoException for anything refused; before the message authenticated, the stored state is unchanged
   * @throws CryptoStore.Unavailable when the store cannot be written: nothing has changed, in the store or here
   */
  <T> T decrypt(UserId sender, JsonNode content, Function<Received, Use<T>> use) {
    OlmEncrypted encrypted = OlmEncrypted.fromContent(content);
    String senderKey = encrypted.senderKey();
    OlmMessage message = encrypted.forRecipient(account.curve25519Key());
    synchronized (account) {
      String seen = sender.value() + "|" + senderKey + "|" + message.body();
      Received again = recent.get(seen);
      if (again != null) {
        Use<T> u = use.apply(again);
        if (!u.writes().isEmpty()) {
          store.write(u.writes());
        }
        return u.whenStored().get();
      }
      // Worked on copies, changed in memory only once the store has the result: if the store cannot be written,
      // nothing has moved on, and the same message decrypts when its batch comes again.
      List<Entry> known = sessions(senderKey);
      String plaintext = null;
      Entry used = null;
      OlmSession advanced = null;
      CryptoException lastError = null;
      for (Entry e : known) {
        if (message.isPreKey() && !e.session.matchesInbound(message.body())) {
          continue;
        }
        try {
          OlmSession trial = OlmSession.fromState(e.session.toState());
          plaintext = trial.decrypt(message);
          used = e;
          advanced = trial;
          break;
        } catch (CryptoException ex) {
          lastError = ex;
          if (message.isPreKey()) {
            throw ex; // the pre-key message is this session's: no other session or new one may take it
          }
        }
      }
      List<CryptoStore.Write> writes = new ArrayList<>();
      long now = clock.getAsLong();
      if (used == null) {
        if (!message.isPreKey()) {
          throw lastError != null ? lastError : new CryptoException(CryptoException.Reason.UNKNOWN_SESSION,
              "no Olm session with sender key " + senderKey + " decrypts this message");
        }
        OlmAccount trialAccount = OlmAccount.fromState(account.toState());
        OlmAccount.InboundSession created = trialAccount.createInboundSession(senderKey, message);
        plaintext = created.plaintext();
        advanced = created.session();
        writes.add(accountWrite(trialAccount)); // the one-time key it used is gone: both change together
      }
      // The message authenticated: the session (new or advanced) is real whatever the payload says, and a new one
      // used up its one-time key, so both are kept (alone if need be) before the payload is refused.
      Entry written = new Entry(advanced, now);
      writes.add(sessionWrite(senderKey, written));
      Received received = null;
      Use<T> u;
      try {
        OlmPayload payload = OlmPayload.fromJson(plaintext);
        payload.checkAddressedTo(sender.value(), userId, account.ed25519Key());
        received = new Received(payload, senderKey);
        u = use.apply(received);
      } catch (CryptoStore.Unavailable e) {
        throw e; // nothing stored, nothing changed: the batch comes again
      } catch (RuntimeException refused) {
        store.write(writes);
        keep(senderKey, message, known, used, written, now);
        if (received != null) {
          recent.put(seen, received); // the same message again is refused the same way
        }
        throw refused;
      }
      writes.addAll(u.writes());
      store.write(writes);
      keep(senderKey, message, known, used, written, now);
      recent.put(seen, received);
      return u.whenStored().get();
    }
  }

  /** The stored outcome of {@link #decrypt}, applied to the live account and sessions. Under the account's lock. */
  private void keep(String senderKey, OlmMessage message, List<Entry> known, Entry used, Entry written, long now) {
    if (used == null) {
      account.createInboundSession(senderKey, message); // the same, on the live account: its one-time key goes
      known.add(0, written);
    } else {
      used.session = written.session;
      used.lastUsed = now;
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

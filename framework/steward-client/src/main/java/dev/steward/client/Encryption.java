package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.crypto.InboundGroupSession;
import dev.steward.client.crypto.MegolmEncrypted;
import dev.steward.client.crypto.MegolmPayload;
import dev.steward.client.crypto.OlmAccount;
import dev.steward.client.model.BasicEvent;
import dev.steward.client.model.EncryptionInfo;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.RoomMember;
import dev.steward.client.model.SyncResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * End-to-end encryption for one device of the client's user: its Olm account and sessions, the Megolm sessions of the
 * rooms it is in, and the devices of the users it shares rooms with, all kept in a {@link CryptoStore}. Obtained from
 * {@link MatrixClient#enableEncryption}; after that the client's {@code sendEvent} encrypts what it sends into
 * encrypted rooms by itself.
 *
 * <p>Per sync batch: {@link #receive} first (to-device messages, device-list changes, one-time key counts), then
 * {@link #noteState} for the rooms' state events and {@link #decrypt} for their {@code m.room.encrypted} events.
 * Thread-safe: rooms may be decrypted in parallel.
 */
public final class Encryption {
  /** Megolm sessions rotate after this many messages unless the room says otherwise. */
  public static final long DEFAULT_ROTATION_MSGS = 100;
  /** Megolm sessions rotate after this long unless the room says otherwise. */
  public static final Duration DEFAULT_ROTATION_PERIOD = Duration.ofDays(7);

  /** What {@link #decrypt} made of an event. */
  public sealed interface Decrypted {
    /** Decrypted: {@code event} is the plain event, its {@link RoomEvent#encryption()} set. */
    record Ok(RoomEvent event) implements Decrypted {}

    /**
     * The Megolm session (or its early messages) is not known yet: the event may decrypt once {@code m.room_key} for
     * it arrives (see {@link #receive}).
     */
    record MissingKey(String senderKey, String sessionId) implements Decrypted {}

    /** Can never decrypt as it is (malformed, replayed index, wrong room, unknown algorithm…); {@code error} says why. */
    record Failed(CryptoException error) implements Decrypted {}
  }

  /**
   * A Megolm session that {@link #receive} stored, or that came again as good as the one stored (its batch delivered
   * again, say): events waiting with {@code MissingKey} for it may now decrypt.
   */
  public record RoomKey(RoomId room, String senderKey, String sessionId) {}

  /**
   * Counts for a status page.
   *
   * @param olmSessions Olm sessions with other devices
   * @param inboundGroupSessions Megolm sessions this device can decrypt with (its own included)
   * @param outboundGroupSessions rooms with a Megolm session this device sends with
   * @param trackedUsers users whose devices are tracked
   * @param refusals inputs refused so far, by where and why (each cause is logged once)
   */
  public record Status(int olmSessions, int inboundGroupSessions, int outboundGroupSessions, int trackedUsers,
                       Map<String, Long> refusals) {}

  /** What sync told of one room: its encryption settings and members. */
  private static final class RoomState {
    final Object sendLock = new Object();
    volatile Boolean encrypted;
    volatile String algorithm;
    volatile long rotationMsgs = DEFAULT_ROTATION_MSGS;
    volatile long rotationMs = DEFAULT_ROTATION_PERIOD.toMillis();
    volatile String historyVisibility;
    volatile boolean membersLoaded;
    final Map<UserId, String> members = new ConcurrentHashMap<>();
  }

  private final MatrixClient client;
  private final CryptoStore store;
  private final UserId userId;
  private final String deviceId;
  private final RefusalLog refusals = new RefusalLog();
  private final OlmChannel olm;
  private final Keys keys;
  private final DeviceTracker devices;
  private final InboundRoomKeys inbound;
  private final OutboundRoomKeys outbound;
  private final RoomKeyReceiver roomKeys;
  private final Map<RoomId, RoomState> rooms = new ConcurrentHashMap<>();

  Encryption(MatrixClient client, CryptoStore store) {
    this(client, store, System::currentTimeMillis);
  }

  /** With a clock for rotation by age (tests). */
  Encryption(MatrixClient client, CryptoStore store, LongSupplier clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.store = Objects.requireNonNull(store, "store");
    this.userId = client.userId();
    this.deviceId = client.deviceId();
    if (deviceId == null) {
      throw new IllegalStateException("device id unknown: log in (or give the builder a device id) first");
    }
    boolean fresh = store.get(OlmChannel.ACCOUNT, OlmChannel.ACCOUNT_KEY).isEmpty();
    OlmAccount account = OlmChannel.loadAccount(store, userId.value(), deviceId);
    this.olm = new OlmChannel(account, store, userId.value(), deviceId, clock);
    if (fresh) {
      olm.saveAccount(); // its keys exist before the server hears of them
    }
    this.keys = client.keys(account).savingBeforePublishing(olm::saveAccount);
    this.devices = new DeviceTracker(store, keys, refusals);
    this.inbound = new InboundRoomKeys(store);
    this.outbound = new OutboundRoomKeys(client, store, olm, keys, devices, inbound, refusals, clock);
    this.roomKeys = new RoomKeyReceiver(userId, olm, devices, inbound, refusals);
    synchronized (account) {
      keys.uploadDeviceKeys(); // again on every start: keys a failed upload left behind go now
      olm.saveAccount();
    }
  }

  /** This device's Curve25519 identity key. */
  public String curve25519Key() {
    return olm.account.curve25519Key();
  }

  /** This device's Ed25519 fingerprint key. */
  public String ed25519Key() {
    return olm.account.ed25519Key();
  }

  /**
   * Cross-signing for this device's user, its private keys kept in this encryption's store: {@code
   * crossSigning().bootstrap(password)} sets it up (or checks it) and signs this device.
   */
  public CrossSigning crossSigning() {
    return CrossSigning.of(client, olm.account, store);
  }

  /** Counts of sessions and tracked users, and the refusals so far. */
  public Status status() {
    return new Status(olm.sessionCount(), inbound.count(), store.scan(OutboundRoomKeys.KIND, "").size(),
        devices.trackedCount(), refusals.counts());
  }

  /**
   * Handles what a sync batch says to this device: to-device messages ({@code m.room.encrypted} over Olm, carrying
   * {@code m.room_key} and {@code m.forwarded_room_key}), device-list changes and one-time key counts. Call once per
   * batch, in order, before its room events are decrypted. Bad messages are refused and logged, never thrown.
   *
   * @return the room keys that arrived, also those that came again as good as the ones kept (never a worse key)
   * @throws CryptoStore.Unavailable when the store cannot be written: the batch must come again (its to-device
   *     messages with it), so nothing is finished with it
   */
  public List<RoomKey> receive(SyncResponse batch) {
    Objects.requireNonNull(batch, "batch");
    // Device lists first: a device new in this batch that sends a room key in it is then looked up afresh.
    try {
      devices.changed(batch.deviceLists().changed());
      devices.forget(batch.deviceLists().left());
    } catch (CryptoStore.Unavailable e) {
      throw e; // a change not recorded would keep a new device from getting room keys: the batch comes again
    } catch (RuntimeException e) {
      refusals.refuse("device_lists", e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
    }
    List<RoomKey> arrived = new ArrayList<>();
    for (BasicEvent ev : batch.toDevice()) {
      if (!"m.room.encrypted".equals(ev.type())) {
        continue;
      }
      try {
        RoomKey key = roomKeys.receive(ev);
        if (key != null) {
          arrived.add(key);
        }
      } catch (CryptoException e) {
        refusals.refuse("to-device m.room.encrypted", e);
      } catch (CryptoStore.Unavailable e) {
        // Not the message's fault: the batch fails and comes again, so its room keys are not lost.
        throw e;
      } catch (RuntimeException e) {
        refusals.refuse("to-device m.room.encrypted", e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
      }
    }
    if (!batch.oneTimeKeyCounts().isEmpty() || batch.unusedFallbackKeyTypes() != null) {
      try {
        List<String> fallbackTypes = batch.unusedFallbackKeyTypes();
        // Not under the account's lock: a room's send (Olm to its devices) does not wait for the upload.
        int uploaded = keys.topUp(batch.oneTimeKeyCounts().getOrDefault(DeviceKeys.SIGNED_CURVE25519, 0),
            fallbackTypes);
        if (uploaded > 0 || fallbackTypes != null && !fallbackTypes.contains(DeviceKeys.SIGNED_CURVE25519)) {
          olm.saveAccount(); // the keys now marked published
        }
      } catch (MatrixException e) {
        refusals.refuse("one-time key top-up", String.valueOf(e.errcode()), e.getMessage());
      }
    }
    return arrived;
  }

  /**
   * Notes a room's state event seen in sync: {@code m.room.encryption} (algorithm and rotation), history visibility
   * and memberships. A member who leaves (or is banned) after the room's session was shared with one of their devices
   * makes the next message start a new session. Call it for state events of the timeline too.
   */
  public void noteState(RoomId room, RoomEvent event) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(event, "event");
    if (!event.isState()) {
      return;
    }
    RoomState rs = state(room);
    switch (event.type()) {
      case "m.room.encryption" -> {
        if (event.stateKey().isEmpty()) {
          applyEncryption(rs, event.content());
        }
      }
      case "m.room.history_visibility" -> rs.historyVisibility = event.content().path("history_visibility")
          .asText("shared");
      case "m.room.member" -> {
        UserId member;
        try {
          member = UserId.of(event.stateKey());
        } catch (IllegalArgumentException e) {
          return;
        }
        String membership = event.content().path("membership").asText("");
        if (membership.equals("join") || membership.equals("invite")) {
          rs.members.put(member, membership);
        } else {
          rs.members.remove(member);
          synchronized (rs.sendLock) {
            if (outbound.sharedWith(room, member)) {
              outbound.discard(room);
            }
          }
        }
      }
      default -> { }
    }
  }

  private static void applyEncryption(RoomState rs, JsonNode content) {
    rs.algorithm = content.path("algorithm").asText(null);
    JsonNode ms = content.path("rotation_period_ms");
    JsonNode msgs = content.path("rotation_period_msgs");
    rs.rotationMs = ms.canConvertToLong() && ms.asLong() > 0 ? ms.asLong() : DEFAULT_ROTATION_PERIOD.toMillis();
    rs.rotationMsgs = msgs.canConvertToLong() && msgs.asLong() > 0 ? msgs.asLong() : DEFAULT_ROTATION_MSGS;
    rs.encrypted = true; // once encrypted, a room stays encrypted
  }

  /**
   * Whether {@code room} is encrypted (from state seen in sync, else asked of the homeserver once).
   *
   * @throws MatrixException when the homeserver cannot say (other than "no such state": the room is then plain)
   */
  public boolean isEncrypted(RoomId room) {
    Objects.requireNonNull(room, "room");
    RoomState rs = state(room);
    Boolean known = rs.encrypted;
    if (known != null) {
      return known;
    }
    synchronized (rs) {
      if (rs.encrypted == null) {
        client.rooms().state(room, "m.room.encryption", "").ifPresentOrElse(c -> applyEncryption(rs, c), () -> {
          if (rs.encrypted == null) {
            rs.encrypted = false;
          }
        });
      }
      return rs.encrypted;
    }
  }

  /**
   * Decrypts an {@code m.room.encrypted} event of {@code room}. Never throws for bad input: see {@link Decrypted}.
   *
   * @throws CryptoStore.Unavailable when the store cannot be read or written: try the event again later
   */
  public Decrypted decrypt(RoomId room, RoomEvent event) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(event, "event");
    MegolmEncrypted encrypted = null;
    try {
      encrypted = MegolmEncrypted.fromContent(event.content());
      InboundRoomKeys.Entry entry = inbound.find(room, encrypted.senderKey(), encrypted.sessionId());
      if (entry == null) {
        return new Decrypted.MissingKey(encrypted.senderKey(), encrypted.sessionId());
      }
      // Before decrypting, so that an event refused here does not take its index from the real one.
      if (entry.senderUser() != null && !entry.senderUser().equals(event.sender().value())) {
        throw new CryptoException(CryptoException.Reason.MISADDRESSED, "the session belongs to "
            + entry.senderUser() + "'s device, but the event was sent by " + event.sender());
      }
      InboundGroupSession.Decrypted plain;
      synchronized (entry.session()) {
        plain = entry.session().decrypt(encrypted.ciphertext(), event.eventId().value());
      }
      MegolmPayload payload = MegolmPayload.fromJson(plain.plaintext());
      payload.checkRoom(room.value());
      JsonNode decryptedContent = payload.content();
      JsonNode clearRelation = event.content().get("m.relates_to");
      if (clearRelation != null && clearRelation.isObject() && decryptedContent.isObject()
          && !decryptedContent.has("m.relates_to")) {
        // Senders that move the relation out of the ciphertext (as the specification allows) still relate.
        decryptedContent = ((ObjectNode) decryptedContent).deepCopy().set("m.relates_to", clearRelation.deepCopy());
      }
      inbound.checkReplay(room, encrypted.sessionId(), plain.messageIndex(), event);
      String device = encrypted.deviceId();
      if (device != null) {
        DeviceKeys d = devices.devices(event.sender()).get(device);
        device = d != null && d.curve25519Key().equals(entry.senderKey()) ? device : null;
      }
      EncryptionInfo info = new EncryptionInfo(MegolmEncrypted.ALGORITHM, entry.senderKey(), device,
          encrypted.sessionId(), plain.messageIndex(), entry.verified());
      return new Decrypted.Ok(event.decrypted(payload.type(), decryptedContent, info));
    } catch (CryptoException e) {
      if (e.reason() == CryptoException.Reason.UNKNOWN_MESSAGE_INDEX && encrypted != null) {
        return new Decrypted.MissingKey(encrypted.senderKey(), encrypted.sessionId());
      }
      refusals.refuse("room event in " + room, e);
      return new Decrypted.Failed(e);
    } catch (CryptoStore.Unavailable e) {
      throw e; // not the event's fault: its room's work stops and the batch comes again
    } catch (RuntimeException e) {
      // Whatever else the event's content made fail (a field the store cannot take as a key, say) is bad input too.
      CryptoException bad = new CryptoException(CryptoException.Reason.MALFORMED, e.getClass().getSimpleName()
          + ": " + e.getMessage());
      refusals.refuse("room event in " + room, bad);
      return new Decrypted.Failed(bad);
    }
  }

  /**
   * The {@code m.room.encrypted} content for a message event of {@code type} in {@code room}: encrypted with the
   * room's outbound Megolm session, which is created, shared with every device of the joined members (and of the
   * invited ones unless history is visible to joined members only, the bot's own other devices included) and rotated
   * as needed first. One room at a time; each call uses a new message index, so a send retried with the same
   * transaction id must reuse the content this returned (the client's own retries do).
   *
   * @throws MatrixException when the homeserver refuses a step (members, key query, claim, to-device send)
   * @throws IllegalStateException when the room uses an algorithm other than Megolm
   */
  public ObjectNode encrypt(RoomId room, String type, JsonNode content) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(content, "content");
    RoomState rs = state(room);
    if (rs.encrypted == null) {
      isEncrypted(room); // reads the room's rotation settings
    }
    String algorithm = rs.algorithm;
    if (algorithm != null && !algorithm.equals(MegolmEncrypted.ALGORITHM)) {
      throw new IllegalStateException(room + " is encrypted with " + algorithm + ", which Steward does not speak");
    }
    ObjectNode encrypted;
    synchronized (rs.sendLock) {
      encrypted = outbound.encrypt(room, type, content, recipients(room, rs), rs.rotationMsgs, rs.rotationMs);
    }
    // The relation stays readable to the homeserver (replies, edits, reactions, threads are aggregated by it), as
    // the specification has it; it is also kept inside, for clients that read it from there.
    JsonNode relation = content.get("m.relates_to");
    if (relation != null && relation.isObject()) {
      encrypted.set("m.relates_to", relation.deepCopy());
    }
    return encrypted;
  }

  /** The id of the Megolm session this device sends with in {@code room}, or null before the first message. */
  public String outboundSessionId(RoomId room) {
    return outbound.sessionId(Objects.requireNonNull(room, "room"));
  }

  private Set<UserId> recipients(RoomId room, RoomState rs) {
    if (!rs.membersLoaded) {
      for (RoomMember m : client.rooms().members(room)) {
        switch (m.membership()) {
          case JOIN, INVITE -> rs.members.putIfAbsent(m.userId(), m.membership().wire());
          default -> { }
        }
      }
      rs.membersLoaded = true;
    }
    if (rs.historyVisibility == null) {
      rs.historyVisibility = client.rooms().state(room, "m.room.history_visibility", "")
          .map(c -> c.path("history_visibility").asText("shared")).orElse("shared");
    }
    boolean invitedToo = !"joined".equals(rs.historyVisibility);
    Set<UserId> out = new LinkedHashSet<>();
    out.add(userId); // the bot's own other devices
    rs.members.forEach((user, membership) -> {
      if (membership.equals("join") || invitedToo && membership.equals("invite")) {
        out.add(user);
      }
    });
    return out;
  }

  private RoomState state(RoomId room) {
    return rooms.computeIfAbsent(room, r -> new RoomState());
  }
}

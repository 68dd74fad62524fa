package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.crypto.MegolmEncrypted;
import dev.steward.client.crypto.OutboundGroupSession;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The Megolm sessions this device sends with, one per room ({@code outbound_group}): created when a room has none,
 * rotated after the room's message count or age limit, and shared as {@code m.room_key} over Olm with each device of
 * the recipients once ({@code shared_with} in the record). Devices without an Olm session get one from a claimed
 * one-time key; those with no key to claim are skipped for this session (logged once) and tried again with the next.
 */
final class OutboundRoomKeys {
  static final String KIND = "outbound_group";

  /** A room's session: when it was made, and the devices ({@code user|device}) that have its key. */
  static final class Session {
    final OutboundGroupSession megolm;
    final long created;
    final Set<String> sharedWith;
    /** Devices that had no one-time key to claim: not asked again for this session. */
    final Set<String> skipped = new HashSet<>();

    Session(OutboundGroupSession megolm, long created, Set<String> sharedWith) {
      this.megolm = megolm;
      this.created = created;
      this.sharedWith = sharedWith;
    }
  }

  private final MatrixClient client;
  private final CryptoStore store;
  private final OlmChannel olm;
  private final Keys keys;
  private final DeviceTracker devices;
  private final InboundRoomKeys inbound;
  private final RefusalLog refusals;
  private final LongSupplier clock;
  private final Map<RoomId, Session> cache = new ConcurrentHashMap<>();

  OutboundRoomKeys(MatrixClient client, CryptoStore store, OlmChannel olm, Keys keys, DeviceTracker devices,
                   InboundRoomKeys inbound, RefusalLog refusals, LongSupplier clock) {
    this.client = client;
    this.store = store;
    this.olm = olm;
    this.keys = keys;
    this.devices = devices;
    this.inbound = inbound;
    this.refusals = refusals;
    this.clock = clock;
  }

  /**
   * Encrypts one event for {@code room}: rotates the session when due, shares it with the devices of
   * {@code recipients} that lack it, then encrypts. Call under the room's lock.
   */
  ObjectNode encrypt(RoomId room, String type, JsonNode content, Collection<UserId> recipients, long rotationMsgs,
                     long rotationMs) {
    Session s = current(room);
    if (s != null && (s.megolm.messageIndex() >= rotationMsgs || clock.getAsLong() - s.created >= rotationMs)) {
      s = null;
    }
    if (s == null) {
      s = new Session(OutboundGroupSession.create(), clock.getAsLong(), new LinkedHashSet<>());
      // Our own copy, so the bot can read what it sent (its own events come back in sync).
      inbound.offer(room, new InboundRoomKeys.Entry(
          dev.steward.client.crypto.InboundGroupSession.fromSessionKey(s.megolm.sessionKey()),
          olm.account.curve25519Key(), client.userId().value(), olm.account.ed25519Key(), true));
      save(room, s);
      cache.put(room, s);
    }
    share(room, s, recipients);
    String ciphertext = s.megolm.encrypt(
        new dev.steward.client.crypto.MegolmPayload(type, content, room.value()).toJson());
    save(room, s);
    return new MegolmEncrypted(s.megolm.sessionId(), ciphertext, olm.account.curve25519Key(), client.deviceId())
        .toContent();
  }

  /** Forgets the room's session: the next message starts a new one (a member left). */
  void discard(RoomId room) {
    cache.remove(room);
    store.delete(KIND, room.value());
  }

  /** Whether the room's current session was shared with a device of {@code user}. */
  boolean sharedWith(RoomId room, UserId user) {
    Session s = current(room);
    return s != null && s.sharedWith.stream().anyMatch(d -> d.startsWith(user.value() + "|"));
  }

  /** The id of the room's current session, or null. */
  String sessionId(RoomId room) {
    Session s = current(room);
    return s == null ? null : s.megolm.sessionId();
  }

  private void share(RoomId room, Session s, Collection<UserId> recipients) {
    devices.refresh(recipients);
    List<DeviceKeys> targets = new ArrayList<>();
    for (UserId u : recipients) {
      for (DeviceKeys d : devices.devices(u).values()) {
        String id = u.value() + "|" + d.deviceId();
        boolean self = u.equals(client.userId()) && d.deviceId().equals(client.deviceId());
        if (!self && !s.sharedWith.contains(id) && !s.skipped.contains(id)) {
          targets.add(d);
        }
      }
    }
    if (targets.isEmpty()) {
      return;
    }
    List<DeviceKeys> noSession = targets.stream().filter(d -> !olm.hasSession(d.curve25519Key())).toList();
    if (!noSession.isEmpty()) {
      Keys.KeyClaim claimed = keys.claim(noSession);
      claimed.keys().forEach(k -> olm.startSession(k.device(), k.key()));
      claimed.refused().forEach(r -> refusals.refuse("claimed key of " + r.userId() + " " + r.deviceId(), r.error()));
      claimed.none().forEach(d -> refusals.refuse("room key for " + d.userId() + " " + d.deviceId(), "NO_ONE_TIME_KEY",
          "the device has no one-time key left to claim: it cannot read this session's messages"));
    }
    ObjectNode roomKey = Json.mapper().createObjectNode().put("algorithm", MegolmEncrypted.ALGORITHM)
        .put("room_id", room.value()).put("session_id", s.megolm.sessionId())
        .put("session_key", s.megolm.sessionKey());
    ObjectNode messages = Json.mapper().createObjectNode();
    List<String> sent = new ArrayList<>();
    for (DeviceKeys d : targets) {
      String id = d.userId() + "|" + d.deviceId();
      if (!olm.hasSession(d.curve25519Key())) {
        s.skipped.add(id);
        continue;
      }
      ObjectNode byUser = messages.has(d.userId()) ? (ObjectNode) messages.get(d.userId())
          : messages.putObject(d.userId());
      byUser.set(d.deviceId(), olm.encryptTo(d, "m.room_key", roomKey));
      sent.add(id);
    }
    if (sent.isEmpty()) {
      return;
    }
    ObjectNode body = Json.mapper().createObjectNode();
    body.set("messages", messages);
    client.http().json("PUT", client.http().v3(null, "sendToDevice", "m.room.encrypted", client.newTxnId()), body,
        CallOptions.SAFE, JsonNode.class);
    s.sharedWith.addAll(sent);
    save(room, s);
  }

  private Session current(RoomId room) {
    Session s = cache.get(room);
    if (s != null) {
      return s;
    }
    return store.get(KIND, room.value()).map(value -> {
      JsonNode node = OlmChannel.readJson(value, "stored outbound session of " + room);
      Set<String> shared = new LinkedHashSet<>();
      node.path("shared_with").forEach(n -> shared.add(n.asText()));
      Session loaded = new Session(OutboundGroupSession.fromState(node.path("state").asText()),
          node.path("created").asLong(), shared);
      cache.put(room, loaded);
      return loaded;
    }).orElse(null);
  }

  private void save(RoomId room, Session s) {
    ObjectNode node = Json.mapper().createObjectNode().put("state", s.megolm.toState()).put("created", s.created);
    ArrayNode shared = node.putArray("shared_with");
    s.sharedWith.forEach(shared::add);
    store.write(List.of(CryptoStore.Write.put(KIND, room.value(), node.toString())));
  }
}

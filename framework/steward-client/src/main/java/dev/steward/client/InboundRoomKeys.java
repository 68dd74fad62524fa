package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.InboundGroupSession;
import dev.steward.client.internal.Json;
import dev.steward.client.model.RoomEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Megolm sessions other devices shared with this one ({@code inbound_group}: {@code room|senderKey|sessionId}),
 * and the first event each message index decrypted ({@code group_index}, by room, session id and index) for replay protection that survives a
 * restart. A session is replaced only by a better one: an earlier first known index, or as early and verified.
 */
final class InboundRoomKeys {
  static final String KIND = "inbound_group";
  static final String INDEX = "group_index";

  /**
   * A stored session and what is known of where it came from.
   *
   * @param senderUser the user whose device shared it over Olm, null for a forwarded key
   * @param senderEd25519 the Ed25519 key the sharing device claimed
   * @param verified shared over Olm by the device owning the sender key, its keys known and matching
   */
  record Entry(InboundGroupSession session, String senderKey, String senderUser, String senderEd25519,
               boolean verified) {}

  private final CryptoStore store;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  InboundRoomKeys(CryptoStore store) {
    this.store = store;
  }

  /**
   * A session offered, checked against the one stored under the same room, sender key and session id.
   *
   * @param write the record to store, null when the stored session is kept (as good or better)
   * @param asGood the offered session is better than the stored one, or as good (the same key again): events waiting
   *     for it may try again
   */
  record Offer(String key, Entry entry, CryptoStore.Write write, boolean asGood) {}

  /** Held from {@link #prepare} until its write is stored, so that two offers for one key cannot cross. */
  final Object offers = new Object();

  /**
   * Stores {@code session} unless the stored one for the same key is as good or better.
   *
   * @return whether it was stored
   */
  boolean offer(RoomId room, Entry entry) {
    synchronized (offers) {
      Offer o = prepare(room, entry);
      if (o.write() != null) {
        store.write(List.of(o.write()));
        stored(o);
      }
      return o.write() != null;
    }
  }

  /**
   * Checks an offered session against the stored ones, storing nothing: a session is replaced only by a better one
   * (an earlier first known index, or as early and verified). Call holding {@link #offers}, and {@link #stored} once
   * {@link Offer#write} is stored (it may go in one write with other records).
   *
   * @throws CryptoException {@code MISADDRESSED} when the session id is known from another sender key
   */
  Offer prepare(RoomId room, Entry entry) {
    String sessionId = entry.session().sessionId();
    String key = key(room, entry.senderKey(), sessionId);
    for (String other : store.scan(KIND, room.value() + "|").keySet()) {
      // A session id is its own Ed25519 key: one session, one sender. A second sender key offering it is someone
      // passing another device's session off as theirs (to replay its messages under their name).
      if (other.endsWith("|" + sessionId) && !other.equals(key)) {
        throw new CryptoException(CryptoException.Reason.MISADDRESSED, "session " + sessionId + " in " + room
            + " is already known from another sender key; refused from " + entry.senderKey());
      }
    }
    Entry old = find(key);
    if (old != null) {
      long oldIndex = old.session().firstKnownIndex();
      long newIndex = entry.session().firstKnownIndex();
      boolean better = newIndex < oldIndex || newIndex == oldIndex && entry.verified() && !old.verified();
      if (!better || old.verified() && !entry.verified()) {
        boolean same = newIndex == oldIndex && entry.verified() == old.verified();
        return new Offer(key, old, null, same);
      }
    }
    ObjectNode node = Json.mapper().createObjectNode().put("state", entry.session().toState())
        .put("sender_key", entry.senderKey()).put("sender_user", entry.senderUser())
        .put("sender_ed25519", entry.senderEd25519()).put("verified", entry.verified());
    return new Offer(key, entry, CryptoStore.Write.put(KIND, key, node.toString()), true);
  }

  /** The offer's write is stored: its session is the one used from now on. */
  void stored(Offer offer) {
    if (offer.write() != null) {
      cache.put(offer.key(), offer.entry());
    }
  }

  /** The session for an event; {@code senderKey} may be null (newer senders leave it out). */
  Entry find(RoomId room, String senderKey, String sessionId) {
    if (senderKey != null) {
      return find(key(room, senderKey, sessionId));
    }
    for (String key : store.scan(KIND, room.value() + "|").keySet()) {
      if (key.endsWith("|" + sessionId)) {
        return find(key);
      }
    }
    return null;
  }

  private Entry find(String key) {
    Entry cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    return store.get(KIND, key).map(value -> {
      JsonNode node = OlmChannel.readJson(value, "stored Megolm session " + key);
      Entry e = new Entry(InboundGroupSession.fromState(node.path("state").asText()),
          node.path("sender_key").asText(), node.path("sender_user").isTextual() ? node.get("sender_user").asText()
          : null, node.path("sender_ed25519").asText(null), node.path("verified").asBoolean(false));
      Entry raced = cache.putIfAbsent(key, e);
      return raced != null ? raced : e;
    }).orElse(null);
  }

  /**
   * Records that {@code index} of the session decrypted {@code event}; refuses a replay: the index decrypted before
   * for another event id or another time. The same event again is fine.
   *
   * @throws CryptoException {@code REPLAYED_INDEX}
   */
  synchronized void checkReplay(RoomId room, String sessionId, long index, RoomEvent event) {
    // By room and session id, not by the sender key the event names: a session id is unique to its session.
    String key = room.value() + "|" + sessionId + "|" + index;
    var seen = store.get(INDEX, key);
    if (seen.isPresent()) {
      JsonNode node = OlmChannel.readJson(seen.get(), "group index " + key);
      if (node.path("event_id").asText().equals(event.eventId().value())
          && node.path("ts").asLong() == event.originServerTs()) {
        return;
      }
      throw new CryptoException(CryptoException.Reason.REPLAYED_INDEX, "message index " + index + " of session "
          + sessionId + " decrypted event " + node.path("event_id").asText() + " (ts " + node.path("ts").asLong()
          + ") before; now claimed by " + event.eventId() + " (ts " + event.originServerTs() + ")");
    }
    ObjectNode node = Json.mapper().createObjectNode().put("event_id", event.eventId().value())
        .put("ts", event.originServerTs());
    store.write(List.of(CryptoStore.Write.put(INDEX, key, node.toString())));
  }

  /** How many inbound sessions are stored. */
  int count() {
    return store.scan(KIND, "").size();
  }

  private static String key(RoomId room, String senderKey, String sessionId) {
    return room.value() + "|" + senderKey + "|" + sessionId;
  }
}

package dev.steward.bot.internal.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.model.RoomEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypted events waiting for their room key, kept in the crypto store (kind {@value #KIND}, key
 * {@code room|sessionId|eventId}) so that a restart keeps them, and indexed in memory by {@code room|sessionId|eventId}:
 * a room key finds its events by prefix. Not by the sender key: newer senders leave the deprecated {@code sender_key}
 * out of the event, but the key that opens it names one, and a session id is unique to its session anyway. Each
 * event gets a number in the order it was parked (kept with it), so a room's events run in the order they came.
 * The index holds what finding and expiring needs; the event itself is read back from the store when it is handled.
 */
final class ParkedEvents {
  private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);
  /** The crypto store's kind for events waiting for a key. */
  static final String KIND = "pending";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One waiting event: where it is stored, and what the log says about it.
   *
   * @param key its key in the index, {@code room|sessionId|eventId}
   * @param storeKey its key in the store (records of earlier versions keep theirs, with the sender key in it)
   * @param senderKey the sender key the event names, null when it leaves it out
   * @param seq the order it was parked in (across restarts)
   */
  record Parked(String key, String storeKey, RoomId room, EventId eventId, UserId sender, String senderKey,
                String sessionId, long originServerTs, long parkedAt, long seq) {}

  private final CryptoStore store;
  private final ConcurrentSkipListMap<String, Parked> index = new ConcurrentSkipListMap<>();
  private final AtomicLong nextSeq;

  /** Reads the events a previous run left waiting; a record that cannot be read is logged and deleted. */
  ParkedEvents(CryptoStore store) {
    this.store = store;
    List<Parked> unnumbered = new ArrayList<>();
    long maxSeq = -1;
    for (Map.Entry<String, String> record : store.scan(KIND, "").entrySet()) {
      try {
        JsonNode node = JSON.readTree(record.getValue());
        Parked p = meta(record.getKey(), node, node.path("seq").asLong(-1));
        if (p.seq() < 0) {
          unnumbered.add(p);
        } else {
          index.put(p.key(), p);
          maxSeq = Math.max(maxSeq, p.seq());
        }
      } catch (JsonProcessingException | RuntimeException e) {
        log.warn("an encrypted event left waiting for its key by the last run cannot be read back ({}); it is "
            + "dropped: {}", record.getKey(), e.toString());
        store.delete(KIND, record.getKey());
      }
    }
    // Parked by a version that did not number them: before every numbered one, in the order they were parked.
    unnumbered.sort(Comparator.comparingLong(Parked::parkedAt).thenComparingLong(Parked::originServerTs)
        .thenComparing(Parked::key));
    for (int i = 0; i < unnumbered.size(); i++) {
      Parked p = unnumbered.get(i);
      Parked numbered = new Parked(p.key(), p.storeKey(), p.room(), p.eventId(), p.sender(), p.senderKey(),
          p.sessionId(), p.originServerTs(), p.parkedAt(), i - unnumbered.size());
      index.putIfAbsent(numbered.key(), numbered);
    }
    this.nextSeq = new AtomicLong(maxSeq + 1);
    if (!index.isEmpty()) {
      log.info("{} encrypted events from the last run are still waiting for their room keys", index.size());
    }
  }

  static String prefix(RoomId room, String sessionId) {
    return room.value() + "|" + sessionId + "|";
  }

  /**
   * Stores {@code event} as waiting for the session {@code sessionId} ({@code senderKey} null when the event leaves it
   * out), once: parking it again keeps the time and place it was first parked in.
   */
  Parked park(RoomId room, RoomEvent event, String senderKey, String sessionId, long now) {
    String key = prefix(room, sessionId) + event.eventId().value();
    Parked known = index.get(key);
    if (known != null) {
      return known;
    }
    long seq = nextSeq.getAndIncrement();
    ObjectNode record = JSON.createObjectNode();
    record.put("room", room.value()).put("sender_key", senderKey).put("session_id", sessionId)
        .put("parked_at", now).put("seq", seq).set("event", event.raw());
    try {
      store.put(KIND, key, JSON.writeValueAsString(record));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event " + event.eventId() + " as JSON", e);
    }
    Parked p = new Parked(key, key, room, event.eventId(), event.sender(), senderKey, sessionId,
        event.originServerTs(), now, seq);
    index.put(key, p);
    return p;
  }

  /** The events waiting for the Megolm session {@code sessionId} in {@code room}, whatever sender key they name. */
  List<Parked> waitingFor(RoomId room, String sessionId) {
    String prefix = prefix(room, sessionId);
    return new ArrayList<>(index.subMap(prefix, prefix + Character.MAX_VALUE).values());
  }

  /** Events parked at or before {@code time}. */
  List<Parked> parkedBefore(long time) {
    List<Parked> old = new ArrayList<>();
    for (Parked p : index.values()) {
      if (p.parkedAt() <= time) {
        old.add(p);
      }
    }
    return old;
  }

  /** The waiting event stored under {@code key}, or null. */
  Parked get(String key) {
    return index.get(key);
  }

  Collection<Parked> all() {
    return index.values();
  }

  int size() {
    return index.size();
  }

  /** The stored event, or empty when it is gone (handled or dropped since). */
  Optional<RoomEvent> event(Parked p) {
    Optional<String> record = store.get(KIND, p.storeKey());
    if (record.isEmpty()) {
      return Optional.empty();
    }
    try {
      JsonNode raw = JSON.readTree(record.get()).path("event");
      return Optional.of(new RoomEvent(raw.path("type").asText(), EventId.of(raw.path("event_id").asText()),
          UserId.of(raw.path("sender").asText()), raw.path("origin_server_ts").asLong(),
          raw.hasNonNull("state_key") ? raw.path("state_key").asText() : null, raw.path("content"),
          raw.path("unsigned"), raw));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the waiting event " + p.storeKey() + " cannot be read back", e);
    }
  }

  /** Forgets the event of {@code room} with {@code eventId} if it waits for {@code sessionId} (it was handled). */
  void remove(RoomId room, String sessionId, EventId eventId) {
    Parked p = index.get(prefix(room, sessionId) + eventId.value());
    if (p != null) {
      remove(p);
    }
  }

  /** Forgets the event: handled, or reported as never decrypting. */
  void remove(Parked p) {
    store.delete(KIND, p.storeKey());
    index.remove(p.key());
  }

  private static Parked meta(String storeKey, JsonNode record, long seq) {
    JsonNode event = record.path("event");
    RoomId room = RoomId.of(record.path("room").asText());
    String sessionId = record.path("session_id").asText();
    EventId eventId = EventId.of(event.path("event_id").asText());
    if (sessionId.isEmpty()) {
      throw new IllegalArgumentException("no session id");
    }
    String senderKey = record.path("sender_key").isTextual() ? record.get("sender_key").asText() : null;
    return new Parked(prefix(room, sessionId) + eventId.value(), storeKey, room, eventId,
        UserId.of(event.path("sender").asText()), senderKey, sessionId, event.path("origin_server_ts").asLong(),
        record.path("parked_at").asLong(), seq);
  }
}

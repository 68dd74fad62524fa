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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypted events waiting for their room key, kept in the crypto store (kind {@value #KIND}) so that a restart keeps
 * them, and indexed in memory by {@code room|senderKey|sessionId|eventId}: a room key finds its events by prefix.
 * The index holds what finding and expiring needs; the event itself is read back from the store when it is handled.
 */
final class ParkedEvents {
  private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);
  /** The crypto store's kind for events waiting for a key. */
  static final String KIND = "pending";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One waiting event: where it is stored, and what the log says about it. */
  record Parked(String key, RoomId room, EventId eventId, UserId sender, String senderKey, String sessionId,
                long originServerTs, long parkedAt) {}

  private final CryptoStore store;
  private final ConcurrentSkipListMap<String, Parked> index = new ConcurrentSkipListMap<>();

  /** Reads the events a previous run left waiting; a record that cannot be read is logged and deleted. */
  ParkedEvents(CryptoStore store) {
    this.store = store;
    for (Map.Entry<String, String> record : store.scan(KIND, "").entrySet()) {
      try {
        Parked p = meta(record.getKey(), JSON.readTree(record.getValue()));
        index.put(p.key(), p);
      } catch (JsonProcessingException | RuntimeException e) {
        log.warn("an encrypted event left waiting for its key by the last run cannot be read back ({}); it is "
            + "dropped: {}", record.getKey(), e.toString());
        store.delete(KIND, record.getKey());
      }
    }
    if (!index.isEmpty()) {
      log.info("{} encrypted events from the last run are still waiting for their room keys", index.size());
    }
  }

  static String prefix(RoomId room, String senderKey, String sessionId) {
    return room.value() + "|" + senderKey + "|" + sessionId + "|";
  }

  /** Stores {@code event} as waiting (once: parking it again keeps the time it was first parked). */
  Parked park(RoomId room, RoomEvent event, String senderKey, String sessionId, long now) {
    String key = prefix(room, senderKey, sessionId) + event.eventId().value();
    Parked known = index.get(key);
    if (known != null) {
      return known;
    }
    ObjectNode record = JSON.createObjectNode();
    record.put("room", room.value()).put("sender_key", senderKey).put("session_id", sessionId)
        .put("parked_at", now).set("event", event.raw());
    try {
      store.put(KIND, key, JSON.writeValueAsString(record));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event " + event.eventId() + " as JSON", e);
    }
    Parked p = new Parked(key, room, event.eventId(), event.sender(), senderKey, sessionId, event.originServerTs(),
        now);
    index.put(key, p);
    return p;
  }

  /** The events waiting for the Megolm session {@code sessionId} of {@code senderKey} in {@code room}. */
  List<Parked> waitingFor(RoomId room, String senderKey, String sessionId) {
    String prefix = prefix(room, senderKey, sessionId);
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
    Optional<String> record = store.get(KIND, p.key());
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
      throw new IllegalStateException("the waiting event " + p.key() + " cannot be read back", e);
    }
  }

  /** Forgets the event under {@code key} if it is waiting (it was handled from a batch delivered again). */
  void remove(String key) {
    if (index.containsKey(key)) {
      store.delete(KIND, key);
      index.remove(key);
    }
  }

  /** Forgets the event: handled, or reported as never decrypting. */
  void remove(Parked p) {
    store.delete(KIND, p.key());
    index.remove(p.key());
  }

  private static Parked meta(String key, JsonNode record) {
    JsonNode event = record.path("event");
    return new Parked(key, RoomId.of(record.path("room").asText()), EventId.of(event.path("event_id").asText()),
        UserId.of(event.path("sender").asText()), record.path("sender_key").asText(),
        record.path("session_id").asText(), event.path("origin_server_ts").asLong(), record.path("parked_at").asLong());
  }
}

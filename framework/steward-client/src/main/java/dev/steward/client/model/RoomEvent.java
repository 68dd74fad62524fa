package dev.steward.client.model;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.UserId;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A room event from a timeline or state block.
 *
 * <p>Events read from a {@code /sync} body keep their JSON as bytes and build the {@link #raw()} tree only when it is
 * first asked for: most handlers never look at it, and building it for every event cost more than the rest of the
 * event together.
 */
public final class RoomEvent {
  private final String type;
  private final EventId eventId;
  private final UserId sender;
  private final long originServerTs;
  private final String stateKey;
  private final JsonNode content;
  private final JsonNode unsigned;
  /** The event's JSON as received; null for an event built from a tree. */
  private final byte[] rawJson;
  private volatile JsonNode raw;
  /** How the event was decrypted; null for one that arrived in the clear. */
  private final EncryptionInfo encryption;

  /**
   * An event whose whole JSON is already a tree.
   *
   * @param type the event type, e.g. {@code m.room.message}
   * @param eventId the event's id
   * @param sender who sent it
   * @param originServerTs when the sender's server received it, in milliseconds since the epoch
   * @param stateKey the state key for state events, null for messages
   * @param content the event content (an empty object for redacted events)
   * @param unsigned the {@code unsigned} block (transaction id, age, redacted_because…), never null
   * @param raw the whole event as received
   */
  public RoomEvent(String type, EventId eventId, UserId sender, long originServerTs, String stateKey,
                   JsonNode content, JsonNode unsigned, JsonNode raw) {
    this(type, eventId, sender, originServerTs, stateKey, content, unsigned, null, Objects.requireNonNull(raw, "raw"),
        null);
  }

  private RoomEvent(String type, EventId eventId, UserId sender, long originServerTs, String stateKey,
                    JsonNode content, JsonNode unsigned, byte[] rawJson, JsonNode raw, EncryptionInfo encryption) {
    this.type = Objects.requireNonNull(type, "type");
    this.eventId = Objects.requireNonNull(eventId, "eventId");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.originServerTs = originServerTs;
    this.stateKey = stateKey;
    this.content = Objects.requireNonNull(content, "content");
    this.unsigned = Objects.requireNonNull(unsigned, "unsigned");
    this.rawJson = rawJson;
    this.raw = raw;
    this.encryption = encryption;
  }

  /**
   * An event read from JSON bytes, whose {@link #raw()} tree is parsed from {@code rawJson} on first use. The caller
   * has read the fields from those same bytes, so they are known to be one well-formed JSON object.
   *
   * @param rawJson the event's JSON object exactly as received; not copied, so not to be changed afterwards
   */
  public static RoomEvent fromJson(String type, EventId eventId, UserId sender, long originServerTs, String stateKey,
                                   JsonNode content, JsonNode unsigned, byte[] rawJson) {
    return new RoomEvent(type, eventId, sender, originServerTs, stateKey, content, unsigned,
        Objects.requireNonNull(rawJson, "rawJson"), null, null);
  }

  /**
   * The event this {@code m.room.encrypted} event held: same id, sender, time and unsigned block, the decrypted type
   * and content, and {@link #encryption()} saying how it was decrypted. Its {@link #raw()} is this event's JSON with
   * {@code type} and {@code content} replaced.
   */
  public RoomEvent decrypted(String type, JsonNode content, EncryptionInfo info) {
    Objects.requireNonNull(info, "info");
    com.fasterxml.jackson.databind.node.ObjectNode tree = raw().isObject()
        ? ((com.fasterxml.jackson.databind.node.ObjectNode) raw()).deepCopy()
        : Json.mapper().createObjectNode();
    tree.put("type", type);
    tree.set("content", content);
    return new RoomEvent(type, eventId, sender, originServerTs, stateKey, content, unsigned, null, tree, info);
  }

  /** How this event was decrypted, or null if it arrived in the clear. */
  public EncryptionInfo encryption() {
    return encryption;
  }

  /** Whether this event reached the bot encrypted (and was decrypted). */
  public boolean encrypted() {
    return encryption != null;
  }

  /** The event type, e.g. {@code m.room.message}. */
  public String type() {
    return type;
  }

  /** The event's id. */
  public EventId eventId() {
    return eventId;
  }

  /** Who sent it. */
  public UserId sender() {
    return sender;
  }

  /** When the sender's server received it, in milliseconds since the epoch. */
  public long originServerTs() {
    return originServerTs;
  }

  /** The state key for state events, null for messages. */
  public String stateKey() {
    return stateKey;
  }

  /** The event content (an empty object for redacted events). */
  public JsonNode content() {
    return content;
  }

  /** The {@code unsigned} block (transaction id, age, redacted_because…), never null. */
  public JsonNode unsigned() {
    return unsigned;
  }

  /**
   * The whole event as received, top-level fields the parsed ones leave out included (such as {@code redacts} in
   * older room versions). Built on the first call for an event read from bytes; the same tree after that. It is
   * also what Jackson writes for the event.
   */
  @JsonValue
  public JsonNode raw() {
    JsonNode r = raw;
    if (r == null) {
      synchronized (this) {
        r = raw;
        if (r == null) {
          try {
            r = Json.mapper().readTree(rawJson);
          } catch (IOException e) {
            // The fields were read from these very bytes, so they are well-formed JSON.
            throw new UncheckedIOException("event " + eventId + ": its JSON no longer parses", e);
          }
          raw = r;
        }
      }
    }
    return r;
  }

  /** Whether this is a state event (it has a state key, possibly empty). */
  public boolean isState() {
    return stateKey != null;
  }

  /** A text field of the content, or null. */
  public String contentText(String field) {
    JsonNode n = content.get(field);
    return n != null && n.isTextual() ? n.asText() : null;
  }

  /** Events are equal when all their fields and their whole JSON are. */
  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof RoomEvent e && type.equals(e.type) && eventId.equals(e.eventId)
        && sender.equals(e.sender) && originServerTs == e.originServerTs && Objects.equals(stateKey, e.stateKey)
        && content.equals(e.content) && unsigned.equals(e.unsigned) && raw().equals(e.raw());
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, eventId, sender, originServerTs, stateKey);
  }

  @Override
  public String toString() {
    return "RoomEvent[type=" + type + ", eventId=" + eventId + ", sender=" + sender + ", originServerTs="
        + originServerTs + ", stateKey=" + stateKey + ", content=" + content + ", unsigned=" + unsigned + "]";
  }
}

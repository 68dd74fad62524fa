package dev.steward.client.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.UserId;

/**
 * A room event from a timeline or state block.
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
public record RoomEvent(String type, EventId eventId, UserId sender, long originServerTs, String stateKey,
                        JsonNode content, JsonNode unsigned, JsonNode raw) {
  /** Whether this is a state event (it has a state key, possibly empty). */
  public boolean isState() {
    return stateKey != null;
  }

  /** A text field of the content, or null. */
  public String contentText(String field) {
    JsonNode n = content.get(field);
    return n != null && n.isTextual() ? n.asText() : null;
  }
}

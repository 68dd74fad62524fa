package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Read receipts, the fully-read marker and typing notifications, which other members see as ephemeral events. */
public final class ReadMarkers {
  private final MatrixClient client;
  private final Http http;

  ReadMarkers(MatrixClient client) {
    this.client = client;
    this.http = client.http();
  }

  /** Tells the room the user has read up to {@code event} (a public {@code m.read} receipt). */
  public void readReceipt(RoomId room, EventId event) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(event, "event");
    http.json("POST", http.v3(null, "rooms", room.value(), "receipt", "m.read", event.value()),
        Json.mapper().createObjectNode(), CallOptions.SAFE, Void.class);
  }

  /**
   * Moves the user's fully-read marker (private) to {@code fullyRead} and, when {@code read} is given, sends a read
   * receipt for it in the same call.
   */
  public void setReadMarkers(RoomId room, EventId fullyRead, EventId read) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(fullyRead, "fullyRead");
    ObjectNode body = Json.mapper().createObjectNode().put("m.fully_read", fullyRead.value());
    if (read != null) {
      body.put("m.read", read.value());
    }
    http.json("POST", http.v3(null, "rooms", room.value(), "read_markers"), body, CallOptions.SAFE, Void.class);
  }

  /**
   * Where the user's fully-read marker is ({@code m.fully_read} room account data): the last event they have read
   * up to; empty when it was never set.
   */
  public Optional<EventId> fullyRead(RoomId room) {
    Objects.requireNonNull(room, "room");
    try {
      JsonNode r = http.json("GET", http.v3(null, "user", client.userId().value(), "rooms", room.value(),
          "account_data", "m.fully_read"), null, CallOptions.SAFE, JsonNode.class);
      JsonNode id = r.get("event_id");
      return id != null && id.isTextual() ? Optional.of(EventId.of(id.asText())) : Optional.empty();
    } catch (MatrixException e) {
      if (e.code() == ErrorCode.M_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Shows the user as typing for up to {@code timeout} (or until {@link #stopTyping}). */
  public void typing(RoomId room, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("typing timeout must be positive, got " + timeout);
    }
    ObjectNode body = Json.mapper().createObjectNode().put("typing", true).put("timeout", timeout.toMillis());
    putTyping(room, body);
  }

  /** Stops showing the user as typing. */
  public void stopTyping(RoomId room) {
    putTyping(room, Json.mapper().createObjectNode().put("typing", false));
  }

  private void putTyping(RoomId room, ObjectNode body) {
    Objects.requireNonNull(room, "room");
    http.json("PUT", http.v3(null, "rooms", room.value(), "typing", client.userId().value()), body,
        CallOptions.SAFE, Void.class);
  }
}

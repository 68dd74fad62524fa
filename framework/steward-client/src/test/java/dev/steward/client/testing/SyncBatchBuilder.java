package dev.steward.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.internal.Json;
import dev.steward.client.internal.SyncParser;
import dev.steward.client.model.SyncResponse;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds {@code /sync} responses for tests: "alice says !ping in room X", invites, state. Produces the JSON a
 * homeserver would send ({@link #json()}) or the parsed batch ({@link #build()}).
 */
public final class SyncBatchBuilder {
  private static final AtomicLong IDS = new AtomicLong();
  private final ObjectNode root = Json.mapper().createObjectNode();
  private long ts = 1_700_000_000_000L;

  private SyncBatchBuilder(String nextBatch) {
    root.put("next_batch", nextBatch);
  }

  /** A batch whose {@code next_batch} is {@code nextBatch}. */
  public static SyncBatchBuilder batch(String nextBatch) {
    return new SyncBatchBuilder(nextBatch);
  }

  /** A fresh event id, unique in this JVM. */
  public static String newEventId() {
    return "$ev" + IDS.incrementAndGet();
  }

  private ObjectNode joined(RoomId room) {
    ObjectNode join = root.withObject("rooms").withObject("join");
    ObjectNode r = join.has(room.value()) ? (ObjectNode) join.get(room.value()) : join.putObject(room.value());
    if (!r.has("timeline")) {
      r.putObject("timeline").putArray("events");
      r.putObject("state").putArray("events");
    }
    return r;
  }

  /** Appends a raw event to a room's timeline; event_id and origin_server_ts are filled in when missing. */
  public SyncBatchBuilder timeline(RoomId room, ObjectNode event) {
    if (!event.has("event_id")) {
      event.put("event_id", newEventId());
    }
    if (!event.has("origin_server_ts")) {
      event.put("origin_server_ts", ts++);
    }
    ((ArrayNode) joined(room).get("timeline").get("events")).add(event);
    return this;
  }

  /** {@code sender} sends a text message. */
  public SyncBatchBuilder text(RoomId room, UserId sender, String body) {
    return message(room, sender, "m.text", body);
  }

  /** {@code sender} sends a message of {@code msgtype}. */
  public SyncBatchBuilder message(RoomId room, UserId sender, String msgtype, String body) {
    ObjectNode ev = event("m.room.message", sender);
    ev.putObject("content").put("msgtype", msgtype).put("body", body);
    return timeline(room, ev);
  }

  /** {@code sender} sends an HTML message (for mention pills). */
  public SyncBatchBuilder html(RoomId room, UserId sender, String body, String html) {
    ObjectNode ev = event("m.room.message", sender);
    ev.putObject("content").put("msgtype", "m.text").put("body", body).put("format", "org.matrix.custom.html")
        .put("formatted_body", html);
    return timeline(room, ev);
  }

  /** A membership change of {@code target} made by {@code sender}, with the previous membership. */
  public SyncBatchBuilder member(RoomId room, UserId sender, UserId target, String membership, String previous) {
    ObjectNode ev = event("m.room.member", sender).put("state_key", target.value());
    ev.putObject("content").put("membership", membership);
    if (previous != null) {
      ev.putObject("unsigned").putObject("prev_content").put("membership", previous);
    }
    return timeline(room, ev);
  }

  /** A state event in the timeline. */
  public SyncBatchBuilder state(RoomId room, UserId sender, String type, String stateKey, JsonNode content) {
    ObjectNode ev = event(type, sender).put("state_key", stateKey);
    ev.set("content", content);
    return timeline(room, ev);
  }

  /** An ephemeral event (typing, receipts) of a joined room. */
  public SyncBatchBuilder ephemeral(RoomId room, String type, JsonNode content) {
    ObjectNode r = joined(room);
    ArrayNode events = r.has("ephemeral") ? (ArrayNode) r.get("ephemeral").get("events")
        : r.putObject("ephemeral").putArray("events");
    events.addObject().put("type", type).set("content", content);
    return this;
  }

  /** An invite of {@code invitee} by {@code inviter}, as the invitee's sync shows it. */
  public SyncBatchBuilder invite(RoomId room, UserId inviter, UserId invitee) {
    ObjectNode r = root.withObject("rooms").withObject("invite").putObject(room.value());
    ArrayNode events = r.putObject("invite_state").putArray("events");
    ObjectNode ev = events.addObject().put("type", "m.room.member").put("state_key", invitee.value())
        .put("sender", inviter.value());
    ev.putObject("content").put("membership", "invite");
    return this;
  }

  /** A to-device event from {@code sender} (an Olm {@code m.room.encrypted}, say). */
  public SyncBatchBuilder toDevice(UserId sender, String type, JsonNode content) {
    ObjectNode ev = root.withObject("to_device").withArray("events").addObject();
    ev.put("type", type).put("sender", sender.value()).set("content", content);
    return this;
  }

  /** Users named in {@code device_lists.changed}. */
  public SyncBatchBuilder devicesChanged(UserId... users) {
    ArrayNode changed = root.withObject("device_lists").withArray("changed");
    for (UserId u : users) {
      changed.add(u.value());
    }
    return this;
  }

  /** Users named in {@code device_lists.left}. */
  public SyncBatchBuilder devicesLeft(UserId... users) {
    ArrayNode left = root.withObject("device_lists").withArray("left");
    for (UserId u : users) {
      left.add(u.value());
    }
    return this;
  }

  /** {@code device_one_time_keys_count.<algorithm>}. */
  public SyncBatchBuilder oneTimeKeyCount(String algorithm, int count) {
    root.withObject("device_one_time_keys_count").put(algorithm, count);
    return this;
  }

  /** {@code device_unused_fallback_key_types} (an empty call says the fallback key was used). */
  public SyncBatchBuilder unusedFallbackKeyTypes(String... types) {
    ArrayNode array = root.putArray("device_unused_fallback_key_types");
    for (String t : types) {
      array.add(t);
    }
    return this;
  }

  /** The JSON text of the batch. */
  public String json() {
    return root.toString();
  }

  /** The parsed batch. */
  public SyncResponse build() {
    return SyncParser.parse(root);
  }

  private static ObjectNode event(String type, UserId sender) {
    return Json.mapper().createObjectNode().put("type", type).put("sender", sender.value());
  }
}

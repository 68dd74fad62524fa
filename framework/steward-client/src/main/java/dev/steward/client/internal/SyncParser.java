package dev.steward.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.BasicEvent;
import dev.steward.client.model.InvitedRoom;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.LeftRoom;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.StrippedStateEvent;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.model.Timeline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code /sync} body (bytes, or a JSON tree) into {@link SyncResponse}, one event at a time: a malformed event
 * (missing or mistyped field, invalid id) is logged and skipped, so one bad event never costs the batch or the loop.
 */
public final class SyncParser {
  private static final Logger log = LoggerFactory.getLogger(SyncParser.class);
  private static final JsonNode EMPTY = JsonNodeFactory.instance.objectNode();

  private int skipped;
  /** Senders of this batch, validated once each: a busy room repeats a few senders hundreds of times. */
  private final Map<String, UserId> senders = new HashMap<>();
  /** The joined rooms this parser read from slices of a body. */
  private final Map<RoomId, JoinedRoom> joinedOut = new LinkedHashMap<>();

  private SyncParser() {}

  /** Parses a whole batch; throws {@link IllegalArgumentException} only if {@code next_batch} is missing. */
  public static SyncResponse parse(JsonNode root) {
    return new SyncParser().batch(root);
  }

  /**
   * Parses a whole batch from its bytes, as {@link #parse(JsonNode)} does. The joined rooms, most of a busy account's
   * batch, are cut apart unparsed and, in a large batch, parsed on several threads. A room whose own JSON is broken is
   * skipped like a malformed event; a body that is not a JSON object throws Jackson's error.
   */
  public static SyncResponse parse(byte[] body) throws IOException {
    SyncSlices<SyncParser> slices;
    try {
      slices = SyncSlices.cut(body, rooms -> new SyncParser().joinedSlices(body, rooms));
    } catch (JsonSlices.Malformed e) {
      return parse(Json.mapper().readTree(body)); // Jackson's own error says what is wrong with the body
    }
    nextBatch(slices.rest());
    SyncParser parser = new SyncParser();
    Map<RoomId, JoinedRoom> joined = new LinkedHashMap<>();
    for (SyncParser chunk : slices.joined()) {
      joined.putAll(chunk.joinedOut);
      parser.skipped += chunk.skipped;
    }
    return parser.batch(slices.rest(), joined);
  }

  private static String nextBatch(JsonNode root) {
    JsonNode next = root == null ? null : root.get("next_batch");
    if (next == null || !next.isTextual() || next.asText().isEmpty()) {
      throw new IllegalArgumentException("sync response has no next_batch");
    }
    return next.asText();
  }

  private SyncResponse batch(JsonNode root) {
    nextBatch(root);
    return batch(root, rooms(root.path("rooms").path("join"), this::joined));
  }

  /** Parses the joined rooms of {@code slices} into {@link #joinedOut}; returns this parser, its skips counted. */
  private SyncParser joinedSlices(byte[] body, List<SyncSlices.Room> slices) {
    for (SyncSlices.Room r : slices) {
      try {
        RoomId id = RoomId.of(r.id());
        JsonNode room = Json.mapper().readTree(body, r.start(), r.end() - r.start());
        if (!room.isObject()) {
          throw new IllegalArgumentException("room entry is not an object");
        }
        joinedOut.put(id, joined(room));
      } catch (RuntimeException | IOException ex) {
        skipped++;
        log.warn("sync: skipped room '{}': {}", abbreviate(r.id()), ex.getMessage());
      }
    }
    return this;
  }

  private SyncResponse batch(JsonNode root, Map<RoomId, JoinedRoom> joined) {
    String next = nextBatch(root);
    JsonNode rooms = root.path("rooms");
    Map<RoomId, InvitedRoom> invited = rooms(rooms.path("invite"), this::invited);
    Map<RoomId, LeftRoom> left = rooms(rooms.path("leave"), this::left);
    return new SyncResponse(next, joined, invited, left, basics(root.path("account_data").path("events")),
        basics(root.path("presence").path("events")), basics(root.path("to_device").path("events")), skipped);
  }

  private <T> Map<RoomId, T> rooms(JsonNode node, Function<JsonNode, T> parse) {
    Map<RoomId, T> out = new LinkedHashMap<>();
    if (!node.isObject()) {
      return out;
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      try {
        RoomId id = RoomId.of(e.getKey());
        if (!e.getValue().isObject()) {
          throw new IllegalArgumentException("room entry is not an object");
        }
        out.put(id, parse.apply(e.getValue()));
      } catch (RuntimeException ex) {
        skipped++;
        log.warn("sync: skipped room '{}': {}", abbreviate(e.getKey()), ex.getMessage());
      }
    }
    return out;
  }

  private JoinedRoom joined(JsonNode room) {
    JsonNode counts = room.path("unread_notifications");
    return new JoinedRoom(roomEvents(room.path("state").path("events"), false), timeline(room.path("timeline")),
        basics(room.path("ephemeral").path("events")), basics(room.path("account_data").path("events")),
        counts.path("highlight_count").asLong(0), counts.path("notification_count").asLong(0));
  }

  private InvitedRoom invited(JsonNode room) {
    List<StrippedStateEvent> out = new ArrayList<>();
    for (JsonNode ev : array(room.path("invite_state").path("events"))) {
      try {
        out.add(new StrippedStateEvent(text(ev, "type"), text(ev, "state_key"), UserId.of(text(ev, "sender")),
            object(ev, "content")));
      } catch (RuntimeException ex) {
        skip("invite_state", ev, ex);
      }
    }
    return new InvitedRoom(out);
  }

  private LeftRoom left(JsonNode room) {
    return new LeftRoom(roomEvents(room.path("state").path("events"), false), timeline(room.path("timeline")),
        basics(room.path("account_data").path("events")));
  }

  private Timeline timeline(JsonNode node) {
    if (!node.isObject()) {
      return Timeline.EMPTY;
    }
    JsonNode prev = node.get("prev_batch");
    return new Timeline(roomEvents(node.path("events"), true), node.path("limited").asBoolean(false),
        prev != null && prev.isTextual() ? prev.asText() : null);
  }

  private List<RoomEvent> roomEvents(JsonNode array, boolean timeline) {
    List<RoomEvent> out = new ArrayList<>(array.size());
    for (JsonNode ev : array(array)) {
      try {
        out.add(roomEvent(ev, timeline, senders));
      } catch (RuntimeException ex) {
        skip(timeline ? "timeline" : "state", ev, ex);
      }
    }
    return out;
  }

  /** One room event; throws on anything a handler could not rely on. */
  public static RoomEvent roomEvent(JsonNode ev, boolean stateKeyOptional) {
    return roomEvent(ev, stateKeyOptional, null);
  }

  private static RoomEvent roomEvent(JsonNode ev, boolean stateKeyOptional, Map<String, UserId> senders) {
    if (!ev.isObject()) {
      throw new IllegalArgumentException("event is not an object");
    }
    String stateKey = null;
    JsonNode sk = ev.get("state_key");
    if (sk != null && !sk.isNull()) {
      if (!sk.isTextual()) {
        throw new IllegalArgumentException("state_key is not a string");
      }
      stateKey = sk.asText();
    } else if (!stateKeyOptional) {
      throw new IllegalArgumentException("state event without state_key");
    }
    JsonNode ts = ev.get("origin_server_ts");
    if (ts == null || !ts.canConvertToLong()) {
      throw new IllegalArgumentException("origin_server_ts missing or not a number");
    }
    JsonNode unsigned = ev.get("unsigned");
    String type = text(ev, "type");
    EventId id = EventId.of(text(ev, "event_id"));
    String sender = text(ev, "sender");
    UserId from = senders == null ? UserId.of(sender) : senders.computeIfAbsent(sender, UserId::of);
    return new RoomEvent(type, id, from,
        ts.asLong(), stateKey, object(ev, "content"), unsigned != null && unsigned.isObject() ? unsigned : EMPTY, ev);
  }

  private List<BasicEvent> basics(JsonNode array) {
    List<BasicEvent> out = new ArrayList<>();
    for (JsonNode ev : array(array)) {
      try {
        out.add(new BasicEvent(text(ev, "type"), object(ev, "content"), ev));
      } catch (RuntimeException ex) {
        skip("basic", ev, ex);
      }
    }
    return out;
  }

  private static Iterable<JsonNode> array(JsonNode node) {
    return node.isArray() ? node : List.of();
  }

  private static String text(JsonNode ev, String field) {
    JsonNode n = ev.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException(field + " missing or not a string");
    }
    return n.asText();
  }

  private static JsonNode object(JsonNode ev, String field) {
    JsonNode n = ev.get(field);
    if (n == null || n.isNull()) {
      return EMPTY;
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException(field + " is not an object");
    }
    return n;
  }

  private void skip(String where, JsonNode ev, RuntimeException ex) {
    skipped++;
    JsonNode id = ev.path("event_id");
    log.warn("sync: skipped malformed {} event {}: {}", where, id.isTextual() ? abbreviate(id.asText()) : "(no id)",
        ex.getMessage());
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}

package dev.steward.client.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.BasicEvent;
import dev.steward.client.model.DeviceLists;
import dev.steward.client.model.InvitedRoom;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.LeftRoom;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.StrippedStateEvent;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.model.Timeline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * Joined rooms parsed from slices of a body, and how many events or rooms of them were skipped.
   *
   * @param rooms the rooms parsed, in the body's order
   * @param skipped malformed events and rooms left out
   */
  record JoinedGroup(Map<RoomId, JoinedRoom> rooms, int skipped) {}

  /** Parses the joined rooms at {@code slices} of {@code body} as {@link #parse(byte[])} parses its chunks. */
  static JoinedGroup joinedGroup(byte[] body, List<SyncSlices.Room> slices) {
    SyncParser chunk = new SyncParser().joinedSlices(body, slices);
    return new JoinedGroup(chunk.joinedOut, chunk.skipped);
  }

  /**
   * The batch in {@code root} but for its joined rooms, which were handed on as they were read (its
   * {@code rooms.join}, if any, is not read); {@code skipped} events or rooms among them add to its count.
   */
  static SyncResponse withoutJoined(JsonNode root, int skipped) {
    nextBatch(root);
    SyncParser parser = new SyncParser();
    parser.skipped = skipped;
    return parser.batch(root, new LinkedHashMap<>());
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
      int skippedBefore = skipped;
      try {
        RoomId id = RoomId.of(r.id());
        joinedOut.put(id, joined(body, r.start(), r.end()));
      } catch (RuntimeException | IOException ex) {
        // As when a broken room failed to parse as a whole: the room counts once, not the events read before.
        skipped = skippedBefore + 1;
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
    List<BasicEvent> accountData = basics(root.path("account_data").path("events"));
    List<BasicEvent> presence = basics(root.path("presence").path("events"));
    List<BasicEvent> toDevice = basics(root.path("to_device").path("events"));
    DeviceLists deviceLists = deviceLists(root.path("device_lists"));
    return new SyncResponse(next, joined, invited, left, accountData, presence, toDevice, skipped, deviceLists,
        keyCounts(root.path("device_one_time_keys_count")),
        fallbackKeyTypes(root.get("device_unused_fallback_key_types")));
  }

  /** {@code device_lists}: user ids that do not parse are logged and left out, like a malformed event. */
  private DeviceLists deviceLists(JsonNode node) {
    if (!node.isObject()) {
      return DeviceLists.EMPTY;
    }
    return new DeviceLists(userIds(node.path("changed"), "changed"), userIds(node.path("left"), "left"));
  }

  private List<UserId> userIds(JsonNode array, String list) {
    List<UserId> out = new ArrayList<>();
    for (JsonNode n : array(array)) {
      try {
        out.add(senders.computeIfAbsent(required(n.isTextual() ? n.asText() : null, "user id"), UserId::of));
      } catch (RuntimeException ex) {
        skipped++;
        log.warn("sync: skipped device_lists.{} entry {}: {}", list, abbreviate(n.toString()), ex.getMessage());
      }
    }
    return out;
  }

  /** {@code device_one_time_keys_count}: algorithm to count; entries that are no whole number are left out. */
  private static Map<String, Integer> keyCounts(JsonNode node) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if (e.getValue().isIntegralNumber() && e.getValue().canConvertToInt() && e.getValue().asInt() >= 0) {
          out.put(e.getKey(), e.getValue().asInt());
        }
      });
    }
    return out;
  }

  /** {@code device_unused_fallback_key_types}: null when absent (the server does not support fallback keys). */
  private static List<String> fallbackKeyTypes(JsonNode node) {
    if (node == null || !node.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    node.forEach(n -> {
      if (n.isTextual()) {
        out.add(n.asText());
      }
    });
    return out;
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

  /**
   * A joined room read from its JSON, {@code body[start, end)}, as {@link #joined(JsonNode)} reads its tree, but from
   * the tokens: no tree is built for the room or for each event, only for the parts handlers read as trees (an event's
   * content and unsigned block, ephemeral and account data). Each event keeps its own bytes for its raw JSON.
   */
  private JoinedRoom joined(byte[] body, int start, int end) throws IOException {
    try (JsonParser p = Json.mapper().createParser(body, start, end - start)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("room entry is not an object");
      }
      List<RoomEvent> state = new ArrayList<>();
      Timeline timeline = Timeline.EMPTY;
      JsonNode ephemeral = EMPTY;
      JsonNode accountData = EMPTY;
      JsonNode counts = EMPTY;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "state" -> state = value == JsonToken.START_OBJECT ? stateEvents(p, body, start)
              : skipValue(p, new ArrayList<>());
          case "timeline" -> timeline = value == JsonToken.START_OBJECT ? timeline(p, body, start)
              : skipValue(p, Timeline.EMPTY);
          case "ephemeral" -> ephemeral = tree(p);
          case "account_data" -> accountData = tree(p);
          case "unread_notifications" -> counts = tree(p);
          default -> p.skipChildren();
        }
      }
      return new JoinedRoom(state, timeline, basics(ephemeral.path("events")), basics(accountData.path("events")),
          counts.path("highlight_count").asLong(0), counts.path("notification_count").asLong(0));
    }
  }

  /** The events of a room's {@code state} block, the parser at the block's start; reads to its end. */
  private List<RoomEvent> stateEvents(JsonParser p, byte[] body, int offset) throws IOException {
    List<RoomEvent> events = new ArrayList<>();
    int skippedBefore = skipped;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      boolean isEvents = p.currentName().equals("events");
      if (isEvents) {
        skipped = skippedBefore; // a repeated "events" replaces the earlier one, as in the tree; so do its skips
      }
      if (p.nextToken() == JsonToken.START_ARRAY && isEvents) {
        events = roomEvents(p, body, offset, false);
      } else {
        p.skipChildren();
        events = isEvents ? new ArrayList<>() : events;
      }
    }
    return events;
  }

  /** A room's {@code timeline} block, the parser at its start; reads to its end. */
  private Timeline timeline(JsonParser p, byte[] body, int offset) throws IOException {
    List<RoomEvent> events = new ArrayList<>();
    JsonNode limited = EMPTY;
    JsonNode prev = EMPTY;
    int skippedBefore = skipped;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "events" -> {
          skipped = skippedBefore; // as in stateEvents
          events = value == JsonToken.START_ARRAY ? roomEvents(p, body, offset, true) : skipValue(p, new ArrayList<>());
        }
        case "limited" -> limited = tree(p);
        case "prev_batch" -> prev = tree(p);
        default -> p.skipChildren();
      }
    }
    return new Timeline(events, limited.asBoolean(false), prev.isTextual() ? prev.asText() : null);
  }

  /** The events of an array, the parser at its start; reads to its end. */
  private List<RoomEvent> roomEvents(JsonParser p, byte[] body, int offset, boolean timeline) throws IOException {
    List<RoomEvent> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() == JsonToken.START_OBJECT) {
        roomEvent(p, body, offset, timeline, out);
      } else {
        skip(timeline ? "timeline" : "state", tree(p), new IllegalArgumentException("event is not an object"));
      }
    }
    return out;
  }

  /**
   * Reads the event object the parser is at, to its end, and adds it to {@code out}, or counts and logs it as skipped
   * for the same faults and with the same words as {@link #roomEvent(JsonNode, boolean, Map)}.
   */
  private void roomEvent(JsonParser p, byte[] body, int offset, boolean timeline, List<RoomEvent> out)
      throws IOException {
    int rawFrom = offset + (int) p.currentTokenLocation().getByteOffset();
    String type = null;
    String eventId = null;
    String sender = null;
    String stateKey = null;
    boolean stateKeyNotText = false;
    boolean hasTs = false;
    long ts = 0;
    JsonNode content = null;
    JsonNode unsigned = EMPTY;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "type" -> type = text(p, value);
        case "event_id" -> eventId = text(p, value);
        case "sender" -> sender = text(p, value);
        case "state_key" -> {
          stateKey = text(p, value);
          stateKeyNotText = stateKey == null && value != JsonToken.VALUE_NULL;
        }
        case "origin_server_ts" -> {
          if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            hasTs = true;
            ts = p.getLongValue();
          } else {
            JsonNode n = tree(p);
            hasTs = n.canConvertToLong();
            ts = n.asLong();
          }
        }
        case "content" -> content = tree(p);
        case "unsigned" -> unsigned = tree(p);
        default -> p.skipChildren();
      }
    }
    int rawTo = offset + (int) p.currentLocation().getByteOffset();
    try {
      if (stateKeyNotText) {
        throw new IllegalArgumentException("state_key is not a string");
      } else if (stateKey == null && !timeline) {
        throw new IllegalArgumentException("state event without state_key");
      } else if (!hasTs) {
        throw new IllegalArgumentException("origin_server_ts missing or not a number");
      }
      String checkedType = required(type, "type");
      EventId id = EventId.of(required(eventId, "event_id"));
      UserId author = senders.computeIfAbsent(required(sender, "sender"), UserId::of);
      out.add(RoomEvent.fromJson(checkedType, id, author, ts, stateKey, objectValue(content, "content"),
          unsigned.isObject() ? unsigned : EMPTY, Arrays.copyOfRange(body, rawFrom, rawTo)));
    } catch (RuntimeException ex) {
      skip(timeline ? "timeline" : "state", eventId, ex);
    }
  }

  /** The string the parser is at, or null after skipping a value of another kind. */
  private static String text(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  /**
   * The value the parser is at as a tree, the same nodes Jackson's {@code readTree} makes for it with our mapper
   * (ints, longs and big integers by size, doubles; the last of a repeated field wins). Built here because going
   * through the mapper, which sets up a deserialization context and looks up its deserializer for every value, cost
   * more than building the few nodes of an event's content. Depth is bounded by the parser's nesting limit.
   */
  private static JsonNode tree(JsonParser p) throws IOException {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = nodes.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          object.set(name, tree(p));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = nodes.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(tree(p));
        }
        return array;
      }
      case VALUE_STRING -> {
        return nodes.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> nodes.numberNode(p.getIntValue());
          case LONG -> nodes.numberNode(p.getLongValue());
          default -> nodes.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return nodes.numberNode(p.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return nodes.nullNode();
      }
      default -> throw new JsonParseException(p, "unexpected " + token + " where a value was expected");
    }
  }

  /** Skips the value the parser is at; returns {@code instead}. */
  private static <T> T skipValue(JsonParser p, T instead) throws IOException {
    p.skipChildren();
    return instead;
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
    return required(n == null || !n.isTextual() ? null : n.asText(), field);
  }

  private static String required(String text, String field) {
    if (text == null) {
      throw new IllegalArgumentException(field + " missing or not a string");
    }
    return text;
  }

  private static JsonNode object(JsonNode ev, String field) {
    return objectValue(ev.get(field), field);
  }

  /** The value of {@code field}, the empty object when it is missing or null; throws when it is not an object. */
  private static JsonNode objectValue(JsonNode n, String field) {
    if (n == null || n.isNull()) {
      return EMPTY;
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException(field + " is not an object");
    }
    return n;
  }

  private void skip(String where, JsonNode ev, RuntimeException ex) {
    JsonNode id = ev.path("event_id");
    skip(where, id.isTextual() ? id.asText() : null, ex);
  }

  private void skip(String where, String eventId, RuntimeException ex) {
    skipped++;
    log.warn("sync: skipped malformed {} event {}: {}", where, eventId != null ? abbreviate(eventId) : "(no id)",
        ex.getMessage());
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "…";
  }
}

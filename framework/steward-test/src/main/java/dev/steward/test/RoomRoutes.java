package dev.steward.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.EventId;
import dev.steward.client.UserId;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;

/**
 * The {@code /rooms/{roomId}/...} routes: sends, redactions, state (one event or all), members, membership actions
 * and history pages.
 */
final class RoomRoutes {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final FakeHomeserver hs;
  private final FakeRoom room;
  private final Map<String, EventId> txns;
  private final UserId bot;

  RoomRoutes(FakeHomeserver hs, FakeRoom room, Map<String, EventId> txns) {
    this.hs = hs;
    this.room = room;
    this.txns = txns;
    this.bot = hs.bot();
  }

  /** The answer, or null when the path is not a room route this fake knows. */
  MockResponse route(String method, List<String> s, JsonNode body, HttpUrl url) {
    String action = s.get(0);
    if (!room.isJoined(bot) && !action.equals("leave") && !action.equals("forget")) {
      return Routes.error(403, "M_FORBIDDEN", "the bot is not in " + room.id());
    }
    if (method.equals("GET") && action.equals("state") && s.size() == 1) {
      return Routes.ok(room.stateEvents());
    }
    if (method.equals("GET") && action.equals("messages") && s.size() == 1) {
      return messages(url);
    }
    if (method.equals("PUT") && action.equals("send") && s.size() == 3) {
      return send(s.get(1), s.get(2), body);
    }
    if (method.equals("PUT") && action.equals("redact") && s.size() == 3) {
      return redact(EventId.of(s.get(1)), s.get(2), body);
    }
    if (action.equals("state") && s.size() == 3) {
      return method.equals("GET") ? getState(s.get(1), s.get(2))
          : method.equals("PUT") ? putState(s.get(1), s.get(2), body) : null;
    }
    if (method.equals("GET") && action.equals("members") && s.size() == 1) {
      return members();
    }
    if (method.equals("GET") && action.equals("joined_members") && s.size() == 1) {
      ObjectNode joined = JSON.objectNode();
      room.joinedMembers().forEach((u, name) -> {
        ObjectNode m = joined.putObject(u.value());
        if (name != null) {
          m.put("display_name", name);
        }
      });
      return Routes.ok(JSON.objectNode().set("joined", joined));
    }
    if (method.equals("POST") && s.size() == 1) {
      return membership(action, body);
    }
    return null;
  }

  /**
   * A page of the room's history: {@code dir} b (newest first) or f, from a token of this route (or the newest end,
   * or the start), at most {@code limit} events. Filters are not applied.
   */
  private MockResponse messages(HttpUrl url) {
    List<ObjectNode> timeline = room.timeline();
    boolean backward = !"f".equals(url.queryParameter("dir"));
    String limitText = url.queryParameter("limit");
    int limit = limitText == null ? 10 : Integer.parseInt(limitText);
    String from = url.queryParameter("from");
    int at = from != null && from.matches("t\\d+") ? Math.min(Integer.parseInt(from.substring(1)), timeline.size())
        : backward ? timeline.size() : 0;
    int to = backward ? Math.max(0, at - limit) : Math.min(timeline.size(), at + limit);
    ObjectNode page = JSON.objectNode().put("start", "t" + at);
    ArrayNode chunk = page.putArray("chunk");
    if (backward) {
      for (int i = at - 1; i >= to; i--) {
        chunk.add(timeline.get(i));
      }
    } else {
      timeline.subList(at, to).forEach(chunk::add);
    }
    // Like a real server: no end token once the page reaches the end of the history.
    if (backward ? to > 0 : to < timeline.size()) {
      page.put("end", "t" + to);
    }
    return Routes.ok(page);
  }

  private MockResponse send(String type, String txn, JsonNode content) {
    // Like a real server, a retried send (same transaction id) returns the first event instead of a second one.
    EventId id = txns.get(room.id().value() + "/" + txn);
    if (id == null) {
      id = hs.push(room.id(), FakeHomeserver.event(type, bot, (ObjectNode) content.deepCopy()));
      txns.put(room.id().value() + "/" + txn, id);
      JsonNode rel = content.path("m.relates_to");
      hs.record(type.equals("m.reaction")
          ? new Sent.Reaction(room.id(), id, EventId.of(rel.path("event_id").asText()), rel.path("key").asText())
          : new Sent.Message(room.id(), id, type, content.deepCopy()));
    }
    return Routes.ok(JSON.objectNode().put("event_id", id.value()));
  }

  private MockResponse redact(EventId target, String txn, JsonNode body) {
    if (room.level(bot) < room.required("redact")) {
      return forbidden("redact");
    }
    EventId id = txns.get(room.id().value() + "/" + txn);
    if (id == null) {
      ObjectNode ev = FakeHomeserver.event("m.room.redaction", bot, (ObjectNode) body.deepCopy());
      id = hs.push(room.id(), ev.put("redacts", target.value()));
      txns.put(room.id().value() + "/" + txn, id);
      hs.record(new Sent.Redaction(room.id(), id, target, body.path("reason").asText(null)));
    }
    return Routes.ok(JSON.objectNode().put("event_id", id.value()));
  }

  /** The room's member events, as {@code /members} answers them. */
  private MockResponse members() {
    com.fasterxml.jackson.databind.node.ArrayNode chunk = JSON.arrayNode();
    room.stateEvents().forEach(e -> {
      if (e.path("type").asText().equals("m.room.member")) {
        chunk.add(e);
      }
    });
    return Routes.ok(JSON.objectNode().set("chunk", chunk));
  }

  private MockResponse getState(String type, String key) {
    return room.state(type, key).map(Routes::ok)
        .orElseGet(() -> Routes.error(404, "M_NOT_FOUND", "no " + type + " state with key '" + key + "'"));
  }

  private MockResponse putState(String type, String key, JsonNode content) {
    JsonNode levels = room.powerLevels();
    JsonNode needed = levels.path("events").get(type);
    if (room.level(bot) < (needed != null ? needed.asLong() : room.required("state_default"))) {
      return forbidden("set " + type);
    }
    EventId id = hs.state(bot, room.id(), type, key, content);
    hs.record(new Sent.State(room.id(), id, type, key, content.deepCopy()));
    return Routes.ok(JSON.objectNode().put("event_id", id.value()));
  }

  private MockResponse membership(String action, JsonNode body) {
    String reason = body.path("reason").asText(null);
    if (action.equals("forget")) {
      if (room.isJoined(bot)) {
        return Routes.error(400, "M_UNKNOWN", "the bot must leave " + room.id() + " before it can forget it");
      }
      hs.record(new Sent.Membership(room.id(), Sent.Action.FORGET, bot, null));
      return Routes.ok(JSON.objectNode());
    }
    if (action.equals("leave")) {
      hs.membershipEvent(room, bot, bot, "leave", null, reason);
      hs.record(new Sent.Membership(room.id(), Sent.Action.LEAVE, bot, reason));
      return Routes.ok(JSON.objectNode());
    }
    Sent.Action act;
    String membership;
    String level;
    switch (action) {
      case "invite" -> { act = Sent.Action.INVITE; membership = "invite"; level = "invite"; }
      case "kick" -> { act = Sent.Action.KICK; membership = "leave"; level = "kick"; }
      case "ban" -> { act = Sent.Action.BAN; membership = "ban"; level = "ban"; }
      case "unban" -> { act = Sent.Action.UNBAN; membership = "leave"; level = "ban"; }
      default -> {
        return null;
      }
    }
    UserId user = UserId.of(body.path("user_id").asText());
    if (room.level(bot) < room.required(level)) {
      return forbidden(action);
    }
    hs.membershipEvent(room, bot, user, membership, null, reason);
    hs.record(new Sent.Membership(room.id(), act, user, reason));
    return Routes.ok(JSON.objectNode());
  }

  private MockResponse forbidden(String what) {
    return Routes.error(403, "M_FORBIDDEN", "the bot's power level in " + room.id() + " is too low to " + what);
  }
}

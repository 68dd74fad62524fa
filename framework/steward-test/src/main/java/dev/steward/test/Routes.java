package dev.steward.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/** Answers the bot's requests by path (not in enqueue order), so any number of calls in any order work. */
final class Routes extends Dispatcher {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Duration MAX_SYNC_WAIT = Duration.ofSeconds(30);

  private final FakeHomeserver hs;
  private final Map<String, EventId> txns = new ConcurrentHashMap<>();

  Routes(FakeHomeserver hs) {
    this.hs = hs;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    List<String> p = request.getRequestUrl().pathSegments();
    String method = request.getMethod();
    String what = method + " " + request.getRequestUrl().encodedPath();
    try {
      FakeHomeserver.Answer canned = hs.cannedAnswer(method, request.getRequestUrl().encodedPath());
      if (canned != null) {
        return new MockResponse().setResponseCode(canned.status()).setHeader("Content-Type", "application/json")
            .setBody(canned.body().toString());
      }
      if (p.equals(List.of("_matrix", "client", "versions"))) {
        return ok(JSON.objectNode().set("versions", JSON.arrayNode().add("v1.1").add("v1.11")));
      }
      if (p.size() < 4 || !p.subList(0, 3).equals(List.of("_matrix", "client", "v3"))) {
        return unhandled(what);
      }
      List<String> s = p.subList(3, p.size());
      if (s.equals(List.of("login")) && method.equals("POST")) {
        JsonNode body = body(request);
        String device = body.path("device_id").asText("FAKEDEVICE");
        hs.loggedIn(device);
        return ok(JSON.objectNode().put("user_id", hs.bot().value()).put("access_token", FakeHomeserver.BOT_TOKEN)
            .put("device_id", device));
      }
      String auth = request.getHeader("Authorization");
      if (auth == null) {
        return error(401, "M_MISSING_TOKEN", "no access token");
      }
      FakeKeys.Device peer = hs.peer(auth.substring(auth.indexOf(' ') + 1));
      if (peer != null) {
        return peerRoute(peer, method, s, request, what);
      }
      return route(method, s, request, what);
    } catch (IOException | IllegalArgumentException e) {
      return error(400, "M_BAD_JSON", e.getMessage());
    }
  }

  private MockResponse route(String method, List<String> s, RecordedRequest request, String what)
      throws IOException, InterruptedException {
    String first = s.get(0);
    if (method.equals("GET") && s.equals(List.of("account", "whoami"))) {
      return ok(JSON.objectNode().put("user_id", hs.bot().value()).put("device_id", hs.botDevice().deviceId()));
    }
    MockResponse keys = keyRoute(hs.botDevice(), method, s, request);
    if (keys != null) {
      return keys;
    }
    if (method.equals("POST") && first.equals("user") && s.size() == 3 && s.get(2).equals("filter")) {
      return ok(JSON.objectNode().put("filter_id", "fake-filter"));
    }
    if (method.equals("GET") && s.equals(List.of("sync"))) {
      long since = SyncLog.position(request.getRequestUrl().queryParameter("since"));
      String timeout = request.getRequestUrl().queryParameter("timeout");
      Duration wait = Duration.ofMillis(timeout == null ? 0 : Long.parseLong(timeout));
      return ok(hs.sync(since, wait.compareTo(MAX_SYNC_WAIT) > 0 ? MAX_SYNC_WAIT : wait));
    }
    if (first.equals("user") && s.size() == 4 && s.get(2).equals("account_data")
        && s.get(1).equals(hs.bot().value())) {
      if (method.equals("PUT")) {
        hs.setAccountData(s.get(3), body(request));
        return ok(JSON.objectNode());
      }
      if (method.equals("GET")) {
        return hs.accountData(s.get(3)).map(Routes::ok)
            .orElseGet(() -> error(404, "M_NOT_FOUND", "no account data of type " + s.get(3)));
      }
    }
    if (method.equals("GET") && s.equals(List.of("joined_rooms"))) {
      ObjectNode r = JSON.objectNode();
      hs.joinedRooms().forEach(id -> r.withArray("joined_rooms").add(id.value()));
      r.withArray("joined_rooms");
      return ok(r);
    }
    if (method.equals("POST") && first.equals("join") && s.size() == 2) {
      return join(s.get(1));
    }
    if (first.equals("rooms") && s.size() >= 3) {
      FakeRoom room = hs.existingRoom(RoomId.of(s.get(1)));
      if (room == null) {
        return error(404, "M_NOT_FOUND", "no room " + s.get(1));
      }
      MockResponse r = new RoomRoutes(hs, room, txns).route(method, s.subList(2, s.size()), body(request),
          request.getRequestUrl());
      if (r != null) {
        return r;
      }
    }
    return unhandled(what);
  }

  /**
   * The requests of a test's {@link EncryptedUser}: keys, to-device messages, a {@code /sync} that hands over its
   * to-device messages only, reading a room's state and members, and sending into a room as that user.
   */
  private MockResponse peerRoute(FakeKeys.Device peer, String method, List<String> s, RecordedRequest request,
                                 String what) throws IOException, InterruptedException {
    MockResponse keys = keyRoute(peer, method, s, request);
    if (keys != null) {
      return keys;
    }
    if (method.equals("GET") && s.equals(List.of("sync"))) {
      return ok(hs.peerSync(peer));
    }
    if (s.get(0).equals("rooms") && s.size() == 5 && method.equals("PUT") && s.get(2).equals("send")) {
      EventId id = hs.push(RoomId.of(s.get(1)), FakeHomeserver.event(s.get(3), peer.user(),
          (ObjectNode) body(request)));
      return ok(JSON.objectNode().put("event_id", id.value()));
    }
    if (s.get(0).equals("rooms") && method.equals("GET")) {
      return route(method, s, request, what);
    }
    return unhandled(what + " (as " + peer.user() + ")");
  }

  /** The key and to-device routes, for the bot or a peer; null for other paths. */
  private MockResponse keyRoute(FakeKeys.Device me, String method, List<String> s, RecordedRequest request)
      throws IOException {
    if (method.equals("POST") && s.equals(List.of("keys", "upload"))) {
      JsonNode body = body(request);
      return ok(hs.keys(k -> k.upload(me, body)));
    }
    if (method.equals("POST") && s.equals(List.of("keys", "query"))) {
      JsonNode body = body(request);
      return ok(hs.keys(k -> k.query(body)));
    }
    if (method.equals("POST") && s.equals(List.of("keys", "claim"))) {
      JsonNode body = body(request);
      return ok(hs.keys(k -> k.claim(body)));
    }
    if (method.equals("PUT") && s.size() == 3 && s.get(0).equals("sendToDevice")) {
      JsonNode messages = body(request).path("messages");
      hs.keys(k -> {
        k.sendToDevice(me, s.get(1), messages);
        return null;
      });
      return ok(JSON.objectNode());
    }
    return null;
  }

  private MockResponse join(String idOrAlias) {
    if (!idOrAlias.startsWith("!")) {
      return error(404, "M_NOT_FOUND", "the fake homeserver knows no aliases: " + idOrAlias);
    }
    FakeRoom room = hs.existingRoom(RoomId.of(idOrAlias));
    if (room == null) {
      return error(404, "M_NOT_FOUND", "no room " + idOrAlias);
    }
    UserId bot = hs.bot();
    if (room.membership(bot).filter("ban"::equals).isPresent()) {
      return error(403, "M_FORBIDDEN", "the bot is banned from " + idOrAlias);
    }
    if (!room.isJoined(bot)) {
      hs.membershipEvent(room, bot, bot, "join", null, null);
    }
    hs.record(new Sent.Membership(room.id(), Sent.Action.JOIN, bot, null));
    return ok(JSON.objectNode().put("room_id", room.id().value()));
  }

  private static JsonNode body(RecordedRequest request) throws IOException {
    String text = request.getBody().readUtf8();
    return text.isBlank() ? JSON.objectNode() : MAPPER.readTree(text);
  }

  private MockResponse unhandled(String what) {
    hs.recordUnhandled(what);
    return error(404, "M_UNRECOGNIZED", "the fake homeserver does not implement " + what);
  }

  static MockResponse ok(JsonNode body) {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }

  static MockResponse error(int status, String errcode, String message) {
    return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
        .setBody(JSON.objectNode().put("errcode", errcode).put("error", message).toString());
  }
}

package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.Json;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.SyncBatchBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A homeserver's key and to-device endpoints on MockWebServer, for several devices at once (one access token each):
 * keys uploaded are queried and claimed as Synapse would, to-device messages wait in each device's inbox until
 * {@link #inbox} hands them over as a sync batch, and rooms answer their encryption state and members as set here.
 */
final class FakeKeyServer extends Dispatcher implements AutoCloseable {
  /** One registered device. */
  record Device(UserId user, String deviceId, String token) {}

  final MockWebServer server = new MockWebServer();
  private final Map<String, Device> byToken = new LinkedHashMap<>();
  private final Map<String, ObjectNode> deviceKeys = new LinkedHashMap<>();
  private final Map<String, ObjectNode> oneTimeKeys = new LinkedHashMap<>();
  private final Map<String, ObjectNode> fallbackKeys = new LinkedHashMap<>();
  private final Map<String, List<ObjectNode>> inboxes = new LinkedHashMap<>();
  private final Map<String, JsonNode> roomState = new LinkedHashMap<>();
  private final Map<String, ArrayNode> members = new LinkedHashMap<>();
  private final List<String> requests = new ArrayList<>();
  private final List<ObjectNode> sentEvents = new ArrayList<>();
  private final AtomicInteger tokens = new AtomicInteger();
  private final AtomicInteger held = new AtomicInteger();
  private volatile String heldPath;
  private volatile CountDownLatch gate;

  FakeKeyServer() {
    server.setDispatcher(this);
  }

  /** A client for a new device of {@code user}. */
  synchronized MatrixClient device(String user, String deviceId) {
    String token = "tok" + tokens.incrementAndGet();
    byToken.put(token, new Device(UserId.of(user), deviceId, token));
    return MatrixClient.builder().homeserver(server.url("/")).accessToken(token).userId(UserId.of(user))
        .deviceId(deviceId).retryPolicy(RetryPolicy.NONE).build();
  }

  /** Sets a room's state event (content), e.g. {@code m.room.encryption}. */
  synchronized void state(RoomId room, String type, JsonNode content) {
    roomState.put(room.value() + "|" + type, content);
  }

  /** Sets the members {@code /members} answers for a room: user to membership. */
  synchronized void members(RoomId room, Map<String, String> membership) {
    ArrayNode chunk = Json.mapper().createArrayNode();
    membership.forEach((u, m) -> {
      ObjectNode ev = chunk.addObject().put("type", "m.room.member").put("state_key", u).put("sender", u);
      ev.putObject("content").put("membership", m);
    });
    members.put(room.value(), chunk);
  }

  /** The to-device messages waiting for a device, as a sync batch (the inbox is emptied). */
  synchronized SyncResponse inbox(String user, String deviceId) {
    SyncBatchBuilder b = SyncBatchBuilder.batch("s" + tokens.incrementAndGet());
    for (ObjectNode ev : inboxes.getOrDefault(user + "|" + deviceId, List.of())) {
      b.toDevice(UserId.of(ev.get("sender").asText()), ev.get("type").asText(), ev.get("content"));
    }
    inboxes.remove(user + "|" + deviceId);
    return b.build();
  }

  /** How many to-device messages wait for a device. */
  synchronized int waiting(String user, String deviceId) {
    return inboxes.getOrDefault(user + "|" + deviceId, List.of()).size();
  }

  /** Requests so far, as {@code METHOD path} without the query. */
  synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  /** Room events sent ({@code /send}): type, room and content. */
  synchronized List<ObjectNode> sent() {
    return List.copyOf(sentEvents);
  }

  /** One-time keys the device still has on the server. */
  synchronized int oneTimeKeys(String user, String deviceId) {
    ObjectNode keys = oneTimeKeys.get(user + "|" + deviceId);
    return keys == null ? 0 : keys.size();
  }

  /** Removes every one-time and fallback key of a device (so a claim finds none). */
  synchronized void drainKeys(String user, String deviceId) {
    oneTimeKeys.remove(user + "|" + deviceId);
    fallbackKeys.remove(user + "|" + deviceId);
  }

  /**
   * Holds the answers to {@code /keys/query} (worked out when the query comes, sent only on {@link #releaseQueries}):
   * a test can act while a query is in flight. {@link #awaitQueriesHeld} waits for them.
   */
  void holdQueries() {
    hold("/keys/query");
  }

  /** As {@link #holdQueries}, for the requests whose path contains {@code pathPart} (e.g. {@code /keys/upload}). */
  void hold(String pathPart) {
    heldPath = pathPart;
    gate = new CountDownLatch(1);
  }

  /** Sends the held answers, and the later ones at once. */
  void releaseQueries() {
    CountDownLatch g = gate;
    gate = null;
    if (g != null) {
      g.countDown();
    }
  }

  /** Waits until {@code n} requests have been held (their answers worked out). */
  void awaitQueriesHeld(int n) throws InterruptedException {
    synchronized (held) {
      while (held.get() < n) {
        held.wait(5000);
        if (held.get() < n) {
          throw new AssertionError("no request to hold came within 5 s");
        }
      }
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    MockResponse response = answer(request);
    CountDownLatch g = gate;
    if (g != null && request.getPath().contains(heldPath)) {
      synchronized (held) {
        held.incrementAndGet();
        held.notifyAll();
      }
      g.await();
    }
    return response;
  }

  private synchronized MockResponse answer(RecordedRequest request) {
    String path = URLDecoder.decode(request.getRequestUrl().encodedPath(), StandardCharsets.UTF_8);
    requests.add(request.getMethod() + " " + path);
    String auth = request.getHeader("Authorization");
    Device me = auth == null ? null : byToken.get(auth.substring("Bearer ".length()));
    if (me == null) {
      return error(401, "M_UNKNOWN_TOKEN");
    }
    JsonNode body = body(request);
    String v3 = "/_matrix/client/v3/";
    String rest = path.startsWith(v3) ? path.substring(v3.length()) : path;
    if (rest.equals("keys/upload")) {
      return upload(me, body);
    } else if (rest.equals("keys/query")) {
      return query(body);
    } else if (rest.equals("keys/claim")) {
      return claim(body);
    } else if (rest.startsWith("sendToDevice/")) {
      return sendToDevice(me, rest.split("/")[1], body);
    } else if (rest.startsWith("rooms/")) {
      String[] parts = rest.split("/", -1);
      String room = parts[1];
      if (parts[2].equals("state")) {
        JsonNode content = roomState.get(room + "|" + parts[3]);
        return content == null ? error(404, "M_NOT_FOUND") : ok(content);
      } else if (parts[2].equals("members")) {
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.set("chunk", members.getOrDefault(room, Json.mapper().createArrayNode()));
        return ok(answer);
      } else if (parts[2].equals("send")) {
        ObjectNode sent = Json.mapper().createObjectNode().put("room", room).put("type", parts[3])
            .put("txn", parts[4]);
        sent.set("content", body);
        sentEvents.add(sent);
        return ok(Json.mapper().createObjectNode().put("event_id", "$sent" + sentEvents.size()));
      }
    }
    return error(404, "M_UNRECOGNIZED");
  }

  private MockResponse upload(Device me, JsonNode body) {
    String id = me.user().value() + "|" + me.deviceId();
    if (body.has("device_keys")) {
      deviceKeys.put(id, (ObjectNode) body.get("device_keys"));
    }
    ObjectNode otks = oneTimeKeys.computeIfAbsent(id, k -> Json.mapper().createObjectNode());
    body.path("one_time_keys").fields().forEachRemaining(e -> otks.set(e.getKey(), e.getValue()));
    if (body.has("fallback_keys")) {
      fallbackKeys.put(id, (ObjectNode) body.get("fallback_keys"));
    }
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.putObject("one_time_key_counts").put("signed_curve25519", otks.size());
    return ok(answer);
  }

  private MockResponse query(JsonNode body) {
    ObjectNode answer = Json.mapper().createObjectNode();
    ObjectNode found = answer.putObject("device_keys");
    body.path("device_keys").fieldNames().forEachRemaining(user -> {
      ObjectNode devices = found.putObject(user);
      deviceKeys.forEach((id, keys) -> {
        if (id.startsWith(user + "|")) {
          devices.set(id.substring(user.length() + 1), keys);
        }
      });
    });
    answer.putObject("failures");
    return ok(answer);
  }

  private MockResponse claim(JsonNode body) {
    ObjectNode answer = Json.mapper().createObjectNode();
    ObjectNode found = answer.putObject("one_time_keys");
    body.path("one_time_keys").fields().forEachRemaining(user -> user.getValue().fieldNames().forEachRemaining(d -> {
      String id = user.getKey() + "|" + d;
      ObjectNode otks = oneTimeKeys.get(id);
      ObjectNode fallback = fallbackKeys.get(id);
      Iterator<Map.Entry<String, JsonNode>> it = otks == null ? null : otks.fields();
      if (it != null && it.hasNext()) {
        Map.Entry<String, JsonNode> key = it.next();
        it.remove();
        found.withObject("/" + user.getKey()).putObject(d).set(key.getKey(), key.getValue());
      } else if (fallback != null && fallback.size() > 0) {
        Map.Entry<String, JsonNode> key = fallback.fields().next();
        found.withObject("/" + user.getKey()).putObject(d).set(key.getKey(), key.getValue());
      }
    }));
    answer.putObject("failures");
    return ok(answer);
  }

  private MockResponse sendToDevice(Device me, String type, JsonNode body) {
    body.path("messages").fields().forEachRemaining(user -> user.getValue().fields().forEachRemaining(d -> {
      ObjectNode ev = Json.mapper().createObjectNode().put("type", type).put("sender", me.user().value());
      ev.set("content", d.getValue());
      inboxes.computeIfAbsent(user.getKey() + "|" + d.getKey(), k -> new ArrayList<>()).add(ev);
    }));
    return ok(Json.mapper().createObjectNode());
  }

  private static JsonNode body(RecordedRequest request) {
    String text = request.getBody().readUtf8();
    try {
      return text.isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse ok(JsonNode body) {
    return Fixtures.ok(body.toString());
  }

  private static MockResponse error(int status, String errcode) {
    return Fixtures.json(status, "{\"errcode\":\"" + errcode + "\",\"error\":\"fake\"}");
  }

  @Override
  public void close() throws IOException {
    releaseQueries();
    server.shutdown();
  }
}

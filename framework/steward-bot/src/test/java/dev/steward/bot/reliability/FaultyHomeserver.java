package dev.steward.bot.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A homeserver that serves a fixed stream of {@code !ping N} commands through {@code /sync} and misbehaves on
 * purpose: rate limits, 5xx, connections reset before or after it acted, stalls past the client's timeout and
 * truncated bodies. Like Synapse it acts on a send's transaction id once, so what it records is what a room member
 * would see.
 */
final class FaultyHomeserver extends Dispatcher {
  enum Fault { RATE_LIMIT, SERVER_ERROR, RESET_BEFORE, RESET_AFTER, STALL, TRUNCATED }

  private final List<String> batches;
  private final Random random;
  private final double faultRate;
  private final Map<String, String> acted = new ConcurrentHashMap<>();
  /** Reply event ids by the command event they answer. */
  final Map<String, List<String>> repliesByCommand = new ConcurrentHashMap<>();
  final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();
  final AtomicInteger requests = new AtomicInteger();
  /** While set, every request fails as during an outage: 503 answers and connections dropped, alternately. */
  volatile boolean down;
  private final AtomicInteger outageAnswers = new AtomicInteger();
  /** The commands each room's replies answered, in the order the server took them. */
  final Map<String, List<Integer>> answeredByRoom = new ConcurrentHashMap<>();

  FaultyHomeserver(int commands, int rooms, int perBatch, long seed, double faultRate) {
    this(commands, rooms, 1, perBatch, seed, faultRate);
  }

  /** Commands from {@code senders} users in turn ({@code @alice:test} alone when 1). */
  FaultyHomeserver(int commands, int rooms, int senders, int perBatch, long seed, double faultRate) {
    this.random = new Random(seed);
    this.faultRate = faultRate;
    this.batches = new CopyOnWriteArrayList<>();
    batches.add("{\"next_batch\":\"1\"}");
    for (int start = 0; start < commands; start += perBatch) {
      ObjectNode root = Json.mapper().createObjectNode().put("next_batch", Integer.toString(batches.size() + 1));
      ObjectNode join = root.putObject("rooms").putObject("join");
      for (int i = start; i < Math.min(commands, start + perBatch); i++) {
        String room = "!room" + (i % rooms) + ":test";
        ObjectNode r = join.has(room) ? (ObjectNode) join.get(room) : join.putObject(room);
        ArrayNode events = r.has("timeline") ? (ArrayNode) r.get("timeline").get("events")
            : r.putObject("timeline").putArray("events");
        ObjectNode ev = events.addObject().put("type", "m.room.message")
            .put("sender", senders == 1 ? "@alice:test" : "@user" + (i % senders) + ":test")
            .put("event_id", "$cmd" + i).put("origin_server_ts", 1_700_000_000_000L + i);
        ev.putObject("content").put("msgtype", "m.text").put("body", "!ping " + i);
      }
      batches.add(root.toString());
    }
  }


  private synchronized Fault roll(boolean mayStall) {
    if (random.nextDouble() >= faultRate) {
      return null;
    }
    Fault[] all = Fault.values();
    Fault f = all[random.nextInt(all.length)];
    return f == Fault.STALL && !mayStall ? Fault.SERVER_ERROR : f;
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
    requests.incrementAndGet();
    String path = request.getPath();
    if (down) {
      return outageAnswers.incrementAndGet() % 2 == 0 ? json(503, "{\"errcode\":\"M_UNKNOWN\"}")
          : new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
    }
    boolean send = request.getMethod().equals("PUT") && path.contains("/send/");
    // Sync long-polls are read with a 30 s margin, so only sends are stalled.
    Fault fault = roll(send);
    if (fault != null) {
      injected.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
      switch (fault) {
        case RATE_LIMIT:
          return json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"retry_after_ms\":2}");
        case SERVER_ERROR:
          return json(500 + random.nextInt(4), "{\"errcode\":\"M_UNKNOWN\"}");
        case RESET_BEFORE:
          return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
        default:
          break; // the others act first and then lose the answer
      }
    }
    MockResponse answer = act(request, path, send);
    if (fault == Fault.RESET_AFTER) {
      return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
    }
    if (fault == Fault.STALL) {
      return answer.setHeadersDelay(1500, TimeUnit.MILLISECONDS);
    }
    if (fault == Fault.TRUNCATED) {
      String body = answer.getBody().readUtf8();
      return json(200, body.substring(0, Math.max(1, body.length() / 2)));
    }
    return answer;
  }

  private MockResponse act(RecordedRequest request, String path, boolean send) throws InterruptedException {
    if (path.startsWith("/_matrix/client/v3/account/whoami")) {
      return json(200, "{\"user_id\":\"@bot:test\",\"device_id\":\"D\"}");
    }
    if (path.contains("/filter")) {
      return json(200, "{\"filter_id\":\"f\"}");
    }
    if (path.startsWith("/_matrix/client/v3/sync")) {
      String since = request.getRequestUrl().queryParameter("since");
      int index = since == null ? 0 : Integer.parseInt(since);
      if (index >= batches.size()) {
        Thread.sleep(20);
        return json(200, "{\"next_batch\":\"" + index + "\"}");
      }
      return json(200, batches.get(index));
    }
    if (send) {
      String txnKey = path.substring(0, path.indexOf("/send/")) + "|" + path.substring(path.lastIndexOf('/') + 1);
      String eventId = acted.computeIfAbsent(txnKey, k -> {
        String id = "$reply" + acted.size() + "-" + k.hashCode();
        try {
          JsonNode content = Json.mapper().readTree(request.getBody().clone().readUtf8());
          String command = content.path("m.relates_to").path("m.in_reply_to").path("event_id").asText("none");
          repliesByCommand.computeIfAbsent(command, c -> new CopyOnWriteArrayList<>()).add(id);
          String room = path.substring(path.indexOf("/rooms/") + 7, path.indexOf("/send/"));
          answeredByRoom.computeIfAbsent(room, r -> new CopyOnWriteArrayList<>())
              .add(command.startsWith("$cmd") ? Integer.parseInt(command.substring(4)) : -1);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        return id;
      });
      return json(200, "{\"event_id\":\"" + eventId + "\"}");
    }
    return json(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"not in this test: " + path + "\"}");
  }

  /**
   * Server sockets whose connections send small writes at once: MockWebServer writes a response's head and body
   * apart, and with Nagle's algorithm the body then waits for the client's delayed ACK, 40 ms per request.
   */
  static final class NoDelay extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new ServerSocket() {
        @Override
        public Socket accept() throws IOException {
          Socket s = super.accept();
          s.setTcpNoDelay(true);
          return s;
        }
      };
    }

    @Override
    public ServerSocket createServerSocket(int port) {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) {
      throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
    }
  }
}

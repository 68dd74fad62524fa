package dev.steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Serves a {@link LargeAccountFixture} on loopback: the initial batch at once, the later batches only after the
 * bot side calls {@code POST /_bench/release} (so the bot can be measured idle after its initial sync), the rooms'
 * power levels through the state API, and records every reply the bot sends (once per transaction id).
 */
final class LargeAccountHomeserver implements AutoCloseable {
  /**
   * A reply the bot sent.
   *
   * @param room the room it went to
   * @param inReplyTo the event it answers, or null
   * @param body its body
   */
  record Reply(String room, String inReplyTo, String body) {}

  private final LargeAccountFixture fixture;
  private final LoopbackHttpServer server;
  private final CountDownLatch released = new CountDownLatch(1);
  private final Set<String> txns = ConcurrentHashMap.newKeySet();
  final List<Reply> replies = new CopyOnWriteArrayList<>();

  LargeAccountHomeserver(LargeAccountFixture fixture) throws IOException {
    this.fixture = fixture;
    this.server = new LoopbackHttpServer(this::handle);
  }

  String url() {
    return "http://127.0.0.1:" + server.port() + "/";
  }

  private LoopbackHttpServer.Response handle(String method, String target, byte[] body) throws Exception {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    if (path.equals("/_bench/release")) {
      released.countDown();
      return json(200, "{}");
    }
    if (path.equals("/_matrix/client/v3/sync")) {
      return sync(q < 0 ? "" : target.substring(q + 1));
    }
    if (path.contains("/send/")) {
      return send(path, body);
    }
    if (path.contains("/state/m.room.power_levels")) {
      return new LoopbackHttpServer.Response(200, LargeAccountFixture.powerLevels().toString()
          .getBytes(StandardCharsets.UTF_8));
    }
    if (path.endsWith("/account/whoami")) {
      return json(200, "{\"user_id\":\"" + LargeAccountFixture.BOT + "\",\"device_id\":\"BIG\"}");
    }
    if (path.endsWith("/filter")) {
      return json(200, "{\"filter_id\":\"big\"}");
    }
    return json(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"not in the benchmark: " + path + "\"}");
  }

  private LoopbackHttpServer.Response sync(String query) throws InterruptedException {
    int index = 0;
    long timeoutMillis = 0;
    for (String kv : query.split("&")) {
      if (kv.startsWith("since=b")) {
        index = Integer.parseInt(kv.substring(7));
      } else if (kv.startsWith("timeout=")) {
        timeoutMillis = Long.parseLong(kv.substring(8));
      }
    }
    if (index > 0 && !released.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
      return json(200, "{\"next_batch\":\"b" + index + "\"}");
    }
    if (index >= fixture.batches().size()) {
      Thread.sleep(Math.min(timeoutMillis, 50)); // a long-poll with nothing new
      return json(200, "{\"next_batch\":\"b" + index + "\"}");
    }
    return new LoopbackHttpServer.Response(200, fixture.batches().get(index));
  }

  private LoopbackHttpServer.Response send(String path, byte[] body) throws IOException {
    // .../rooms/{room}/send/{type}/{txn}: the transaction id makes a retried send act once, as Synapse does.
    String[] parts = path.split("/");
    String room = URLDecoder.decode(parts[parts.length - 4], StandardCharsets.UTF_8);
    String txn = parts[parts.length - 1];
    if (txns.add(room + "/" + txn)) {
      JsonNode content = Json.mapper().readTree(body);
      JsonNode inReplyTo = content.path("m.relates_to").path("m.in_reply_to").path("event_id");
      replies.add(new Reply(room, inReplyTo.isTextual() ? inReplyTo.asText() : null, content.path("body").asText()));
    }
    return json(200, "{\"event_id\":\"$r" + txns.size() + "\"}");
  }

  /** Replies keyed by the event they answer; several replies to one event all appear. */
  Map<String, List<String>> repliesByEvent() {
    Map<String, List<String>> out = new ConcurrentHashMap<>();
    for (Reply r : replies) {
      out.computeIfAbsent(String.valueOf(r.inReplyTo()), k -> new CopyOnWriteArrayList<>()).add(r.body());
    }
    return out;
  }

  private static LoopbackHttpServer.Response json(int status, String json) {
    return new LoopbackHttpServer.Response(status, json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}

package dev.steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The baseline: a ping bot written by hand with no framework, as a careful developer would: OkHttp and a Jackson
 * tree, a sync loop on one thread, each batch's replies sent by a small pool (rooms in parallel, each room's
 * replies in order), the next sync once they are sent. No store, no dedupe, no permissions, no retries.
 */
final class HandWrittenBot implements Contender {
  private static final MediaType JSON = MediaType.get("application/json");

  private final ObjectMapper mapper = new ObjectMapper();
  private final OkHttpClient http = new OkHttpClient();
  private final ExecutorService pool;
  /** The command it answers: {@code !ping} in the warm runs, the word the fixture uses in the cold ones. */
  private final String command;
  private final AtomicLong handled = new AtomicLong();
  private final AtomicLong txn = new AtomicLong();
  private volatile boolean running = true;
  private volatile Throwable failure;
  private Thread loop;
  private String base;

  HandWrittenBot(int threads) {
    this(threads, "!ping");
  }

  HandWrittenBot(int threads, String command) {
    this.pool = Executors.newFixedThreadPool(threads);
    this.command = command;
  }

  @Override
  public void start(String homeserverUrl) {
    base = homeserverUrl.endsWith("/") ? homeserverUrl : homeserverUrl + "/";
    loop = new Thread(this::run, "hand-written-sync");
    loop.setDaemon(true);
    loop.start();
  }

  private void run() {
    String since = null;
    try {
      while (running) {
        String url = base + "_matrix/client/v3/sync?timeout=1000" + (since == null ? "" : "&since=" + since);
        JsonNode batch;
        try (Response r = http.newCall(auth(new Request.Builder().url(url)).build()).execute()) {
          batch = mapper.readTree(r.body().byteStream());
        }
        if (since != null) { // the first batch is history from before the bot started
          handle(batch);
        }
        since = batch.path("next_batch").asText();
      }
    } catch (Exception e) {
      if (running) {
        failure = e;
      }
    }
  }

  private void handle(JsonNode batch) throws Exception {
    List<Callable<Void>> rooms = new ArrayList<>();
    for (Map.Entry<String, JsonNode> room : batch.path("rooms").path("join").properties()) {
      rooms.add(() -> {
        for (JsonNode e : room.getValue().path("timeline").path("events")) {
          String body = e.path("content").path("body").asText("");
          if (e.path("type").asText().equals("m.room.message") && body.startsWith(command)) {
            reply(room.getKey(), e.path("event_id").asText(), "pong " + body.substring(command.length()).trim());
          }
          handled.incrementAndGet();
        }
        return null;
      });
    }
    for (Future<Void> f : pool.invokeAll(rooms)) {
      f.get();
    }
  }

  private void reply(String room, String eventId, String text) throws IOException {
    ObjectNode content = mapper.createObjectNode().put("msgtype", "m.notice").put("body", text);
    content.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", eventId);
    String url = base + "_matrix/client/v3/rooms/" + room + "/send/m.room.message/h" + txn.incrementAndGet();
    RequestBody body = RequestBody.create(mapper.writeValueAsBytes(content), JSON);
    try (Response r = http.newCall(auth(new Request.Builder().url(url).put(body)).build()).execute()) {
      if (!r.isSuccessful()) {
        throw new IOException("send failed: " + r.code());
      }
    }
  }

  private static Request.Builder auth(Request.Builder b) {
    return b.header("Authorization", "Bearer bench");
  }

  @Override
  public long handled() {
    return handled.get();
  }

  @Override
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    pool.shutdownNow();
    loop.join(5_000);
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}

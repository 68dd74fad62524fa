package dev.steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The homeserver of the {@code encrypted} benchmark, on loopback: the fixture's batches to the bot, lap after lap, as
 * they are ({@code plain}) or with every message Megolm-encrypted by {@link SenderDevice} ({@code encrypted}: the
 * rooms carry {@code m.room.encryption}, the sender's room keys come as to-device messages in the batch of the first
 * event they open). In both, each room's members are its owner, the bot and the one sender, and the server answers
 * what the bot's encrypted replies need: members, room state, {@code /keys/upload}, {@code /keys/query},
 * {@code /keys/claim} and {@code /sendToDevice}. The sender talks to a second port of the same server (a device is
 * told apart by the port it uses). Replies are recorded with the time they came; which command each answers is read
 * after the lap (decrypted by the sender in the encrypted variant), outside the measured span.
 */
final class EncryptedHomeserver implements AutoCloseable {
  static final String SENDER = "@user0:bench.test";
  static final String SENDER_DEVICE = "SENDER";
  static final String BOT_DEVICE = "BENCH";
  private static final String OWNER = "@owner:bench.test";

  /**
   * A reply as it came: when, to which room, with what content (encrypted in the encrypted variant), kept as bytes
   * and read after the lap.
   */
  record Reply(long nanos, String room, String eventId, byte[] body) {
    JsonNode content() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final SyncFixture fixture;
  private final boolean encrypted;
  private final LoopbackHttpServer botSide;
  private final LoopbackHttpServer senderSide;
  private final byte[] stateBatch;
  /** The encrypted variant's batches of the lap being served, generated when its first batch is asked for. */
  private volatile List<byte[]> lapBatches = List.of();
  private volatile int generatedLap = -1;
  private SenderDevice sender;

  // What a homeserver keeps for end-to-end encryption, by device ("user|device").
  private final Map<String, JsonNode> deviceKeys = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> oneTimeKeys = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> fallbackKeys = new ConcurrentHashMap<>();
  /** To-device messages for the bot not yet put into a batch, and for the sender not yet synced. */
  private final List<ObjectNode> botMail = new CopyOnWriteArrayList<>();
  private final List<ObjectNode> senderMail = new CopyOnWriteArrayList<>();

  private final Set<String> txns = ConcurrentHashMap.newKeySet();
  /** Replies as they came, all laps (appended under its own lock). */
  private final List<Reply> replies = new ArrayList<>();
  /** Replies (distinct transaction ids) so far, all laps. */
  final AtomicInteger sends = new AtomicInteger();
  /** Encrypted events and to-device messages served to the bot, all laps (a check that the variant is encrypted). */
  final AtomicInteger encryptedServed = new AtomicInteger();
  final AtomicInteger toDeviceServed = new AtomicInteger();
  private final Map<Long, Long> servedAt = new ConcurrentHashMap<>();
  final Map<Integer, BenchHomeserver.LapStart> lapStarts = new ConcurrentHashMap<>();
  private volatile int lapsAllowed = 1;
  private volatile boolean settled;

  EncryptedHomeserver(SyncFixture fixture, boolean encrypted, boolean settle) throws IOException {
    this.fixture = fixture;
    this.encrypted = encrypted;
    this.settled = !settle;
    this.stateBatch = stateBatch(fixture.batches().get(0), encrypted);
    botSide = new LoopbackHttpServer((m, t, b) -> handle(m, t, b, SyncFixture.BOT + "|" + BOT_DEVICE));
    senderSide = new LoopbackHttpServer((m, t, b) -> handle(m, t, b, SENDER + "|" + SENDER_DEVICE));
  }

  String url() {
    return "http://127.0.0.1:" + botSide.port() + "/";
  }

  String senderUrl() {
    return "http://127.0.0.1:" + senderSide.port() + "/";
  }

  /** The sender of the encrypted variant; set before the bot asks for its first batch of messages. */
  void sender(SenderDevice device) {
    this.sender = device;
  }

  void allowLaps(int laps) {
    lapsAllowed = Math.min(laps, SyncFixture.MAX_LAPS);
  }

  /** Each room's owner, the bot and the sender joined, history shared; {@code m.room.encryption} when encrypted. */
  private static byte[] stateBatch(byte[] plain, boolean encrypted) throws IOException {
    ObjectNode root = (ObjectNode) Json.mapper().readTree(plain);
    root.get("rooms").get("join").fields().forEachRemaining(r -> {
      ArrayNode state = (ArrayNode) r.getValue().get("state").get("events");
      state.add(stateEvent("m.room.member", SENDER, SENDER, r.getKey() + "-sender")
          .set("content", Json.mapper().createObjectNode().put("membership", "join")));
      state.add(stateEvent("m.room.history_visibility", "", OWNER, r.getKey() + "-hv")
          .set("content", Json.mapper().createObjectNode().put("history_visibility", "shared")));
      if (encrypted) {
        state.add(stateEvent("m.room.encryption", "", OWNER, r.getKey() + "-enc").set("content", encryption()));
      }
    });
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode stateEvent(String type, String key, String sender, String id) {
    return Json.mapper().createObjectNode().put("type", type).put("state_key", key).put("sender", sender)
        .put("event_id", "$" + id.replaceAll("[^A-Za-z0-9-]", "")).put("origin_server_ts", 1_763_700_000_000L);
  }

  /** The rooms' encryption as Element sets it: Megolm, the default rotation (100 messages, a week). */
  private static ObjectNode encryption() {
    return Json.mapper().createObjectNode().put("algorithm", "m.megolm.v1.aes-sha2");
  }

  private LoopbackHttpServer.Response handle(String method, String target, byte[] body, String device)
      throws Exception {
    int q = target.indexOf('?');
    String path = URLDecoder.decode(q < 0 ? target : target.substring(0, q), StandardCharsets.UTF_8);
    boolean bot = device.startsWith(SyncFixture.BOT + "|");
    if (path.startsWith("/_matrix/client/v3/sync")) {
      return bot ? sync(q < 0 ? null : target.substring(q + 1)) : senderSync();
    }
    if (path.contains("/send/") && bot) {
      return send(path, body);
    }
    if (path.endsWith("/keys/upload")) {
      return json(upload(device, Json.mapper().readTree(body)).toString());
    }
    if (path.endsWith("/keys/query")) {
      return json(query(Json.mapper().readTree(body)).toString());
    }
    if (path.endsWith("/keys/claim")) {
      return json(claim(Json.mapper().readTree(body)).toString());
    }
    if (path.contains("/sendToDevice/")) {
      sendToDevice(device, Json.mapper().readTree(body).path("messages"));
      return json("{}");
    }
    if (path.endsWith("/members")) {
      ArrayNode chunk = Json.mapper().createArrayNode();
      for (String user : new String[] {OWNER, SyncFixture.BOT, SENDER}) {
        chunk.add(stateEvent("m.room.member", user, user, "m" + user.hashCode())
            .set("content", Json.mapper().createObjectNode().put("membership", "join")));
      }
      return json(Json.mapper().createObjectNode().set("chunk", chunk).toString());
    }
    if (path.contains("/state/m.room.encryption")) {
      return encrypted ? json(encryption().toString()) : notFound();
    }
    if (path.contains("/state/m.room.history_visibility")) {
      return json("{\"history_visibility\":\"shared\"}");
    }
    if (path.endsWith("/account/whoami")) {
      String[] d = device.split("\\|");
      return json("{\"user_id\":\"" + d[0] + "\",\"device_id\":\"" + d[1] + "\"}");
    }
    if (path.endsWith("/filter")) {
      return json("{\"filter_id\":\"bench\"}");
    }
    return new LoopbackHttpServer.Response(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"not in the benchmark\"}"
        .getBytes(StandardCharsets.UTF_8));
  }

  private LoopbackHttpServer.Response sync(String query) throws Exception {
    long position = 0;
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith("since=b")) {
          position = Long.parseLong(kv.substring(7));
        }
      }
    }
    if (position == 0) {
      return new LoopbackHttpServer.Response(200, stateBatch);
    }
    int lap = (int) ((position - 1) / fixture.lapBatches());
    boolean lapStart = (position - 1) % fixture.lapBatches() == 0;
    if (lapStart && !settled) {
      BenchHomeserver.settle();
      settled = true;
    }
    if (lap >= lapsAllowed) {
      Thread.sleep(20); // a long-poll with nothing new
      return json("{\"next_batch\":\"" + SyncFixture.token(position) + "\"}");
    }
    if (lapStart && !lapStarts.containsKey(lap)) {
      if (encrypted) {
        generate(lap, position); // the sender's work, before the lap's clock starts
      }
      lapStarts.put(lap, new BenchHomeserver.LapStart(System.nanoTime(),
          ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime(),
          ThreadCpu.snapshot(), ManagementFactory.getCompilationMXBean().getTotalCompilationTime()));
    }
    servedAt.putIfAbsent(position, System.nanoTime());
    byte[] batch = encrypted ? lapBatches.get((int) ((position - 1) % fixture.lapBatches()))
        : fixture.serve(position);
    return new LoopbackHttpServer.Response(200, batch);
  }

  /**
   * The lap's batches with every message encrypted by the sender, in order, and the room keys its encryption sent to
   * the bot put into the batch of the first event they open (the sender rotates its sessions every 100 messages).
   */
  private synchronized void generate(int lap, long first) throws IOException {
    if (generatedLap == lap) {
      return;
    }
    long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    List<byte[]> out = new ArrayList<>();
    for (int b = 0; b < fixture.lapBatches(); b++) {
      ObjectNode root = (ObjectNode) Json.mapper().readTree(fixture.serve(first + b));
      ArrayNode toDevice = Json.mapper().createArrayNode();
      Iterator<Map.Entry<String, JsonNode>> rooms = root.get("rooms").get("join").fields();
      while (rooms.hasNext()) {
        Map.Entry<String, JsonNode> room = rooms.next();
        for (JsonNode ev : room.getValue().get("timeline").get("events")) {
          ObjectNode e = (ObjectNode) ev;
          e.set("content", sender.encrypt(room.getKey(), e.get("type").asText(), e.get("content")));
          e.put("type", "m.room.encrypted");
          encryptedServed.incrementAndGet();
          for (ObjectNode mail : botMail) {
            toDevice.add(mail);
          }
          botMail.clear();
        }
      }
      if (!toDevice.isEmpty()) {
        ObjectNode td = Json.mapper().createObjectNode();
        td.set("events", toDevice);
        // to_device first, as a homeserver writes it: the keys before the events they open
        ObjectNode ordered = Json.mapper().createObjectNode();
        ordered.set("next_batch", root.get("next_batch"));
        ordered.set("to_device", td);
        ordered.set("rooms", root.get("rooms"));
        root = ordered;
      }
      out.add(root.toString().getBytes(StandardCharsets.UTF_8));
    }
    lapBatches = out;
    generatedLap = lap;
    // Its HTTP calls (key query and claim, to-device sends) run on the sender port's threads, counted apart there.
    senderCpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu);
  }

  /** CPU the sender's encrypting took on this thread so far: not the bot's, though in its process. */
  final AtomicLong senderCpuNanos = new AtomicLong();

  /** The sender's own sync: the bot's to-device messages and its replies since the last one. */
  private LoopbackHttpServer.Response senderSync() {
    ObjectNode root = Json.mapper().createObjectNode().put("next_batch", "sender" + System.nanoTime());
    ArrayNode td = root.putObject("to_device").putArray("events");
    List<ObjectNode> mail = new ArrayList<>(senderMail);
    senderMail.removeAll(mail);
    mail.forEach(td::add);
    ObjectNode join = root.putObject("rooms").putObject("join");
    synchronized (pendingForSender) {
      for (Reply r : pendingForSender) {
        ObjectNode room = join.has(r.room()) ? (ObjectNode) join.get(r.room()) : join.putObject(r.room());
        ArrayNode events = room.has("timeline") ? (ArrayNode) room.get("timeline").get("events")
            : room.putObject("timeline").putArray("events");
        ObjectNode ev = events.addObject().put("type", "m.room.encrypted").put("sender", SyncFixture.BOT)
            .put("event_id", r.eventId()).put("origin_server_ts", 1_763_900_000_000L + events.size());
        ev.set("content", r.content());
      }
      pendingForSender.clear();
    }
    return json(root.toString());
  }

  /** Replies the sender's next sync carries (the encrypted variant checks them after each lap). */
  private final List<Reply> pendingForSender = new ArrayList<>();

  /** Hands the replies so far to the sender's next sync. */
  void forwardRepliesToSender(List<Reply> rs) {
    synchronized (pendingForSender) {
      pendingForSender.addAll(rs);
    }
  }

  private LoopbackHttpServer.Response send(String path, byte[] body) {
    long now = System.nanoTime();
    String txn = path.substring(0, path.indexOf("/send/")) + path.substring(path.lastIndexOf('/'));
    String eventId = "$r" + Integer.toHexString(txn.hashCode()) + "-" + txns.size();
    if (txns.add(txn)) {
      String room = path.substring(path.indexOf("/rooms/") + 7, path.indexOf("/send/"));
      synchronized (replies) {
        replies.add(new Reply(now, room, eventId, body));
      }
      sends.incrementAndGet();
    }
    return json("{\"event_id\":\"" + eventId + "\"}");
  }

  /** Replies that came from the {@code from}-th on (0 first). */
  List<Reply> repliesFrom(int from) {
    synchronized (replies) {
      return new ArrayList<>(replies.subList(from, replies.size()));
    }
  }

  /** When the batch holding command {@code $e<lap>-<index>-…} was first served, or null. */
  Long servedAtOf(String commandId) {
    if (commandId == null || !commandId.startsWith("$e")) {
      return null;
    }
    int lap = Integer.parseInt(commandId.substring(2, 5));
    int index = Integer.parseInt(commandId.substring(6, commandId.indexOf('-', 6)));
    return servedAt.get(1 + (long) lap * fixture.lapBatches() + index / fixture.perBatch());
  }

  private ObjectNode upload(String device, JsonNode body) {
    if (body.has("device_keys")) {
      deviceKeys.put(device, body.get("device_keys"));
    }
    ObjectNode otks = oneTimeKeys.computeIfAbsent(device, d -> Json.mapper().createObjectNode());
    synchronized (otks) {
      body.path("one_time_keys").fields().forEachRemaining(e -> otks.set(e.getKey(), e.getValue()));
    }
    if (body.has("fallback_keys")) {
      fallbackKeys.put(device, body.get("fallback_keys"));
    }
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.putObject("one_time_key_counts").put("signed_curve25519", otks.size());
    return answer;
  }

  private ObjectNode query(JsonNode body) {
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
    return answer;
  }

  /** A one-time key per device asked for, spent; its fallback key when none is left. */
  private ObjectNode claim(JsonNode body) {
    ObjectNode answer = Json.mapper().createObjectNode();
    ObjectNode found = answer.putObject("one_time_keys");
    body.path("one_time_keys").fields().forEachRemaining(user -> user.getValue().fieldNames().forEachRemaining(d -> {
      String id = user.getKey() + "|" + d;
      ObjectNode otks = oneTimeKeys.get(id);
      JsonNode key = null;
      String keyId = null;
      if (otks != null) {
        synchronized (otks) {
          Iterator<String> names = otks.fieldNames();
          if (names.hasNext()) {
            keyId = names.next();
            key = otks.remove(keyId);
          }
        }
      }
      JsonNode fallback = fallbackKeys.get(id);
      if (key == null && fallback != null && fallback.size() > 0) {
        keyId = fallback.fieldNames().next();
        key = fallback.get(keyId);
      }
      if (key != null) {
        (found.has(user.getKey()) ? (ObjectNode) found.get(user.getKey()) : found.putObject(user.getKey()))
            .putObject(d).set(keyId, key);
      }
    }));
    answer.putObject("failures");
    return answer;
  }

  private void sendToDevice(String from, JsonNode messages) {
    String fromUser = from.substring(0, from.indexOf('|'));
    Map<String, List<ObjectNode>> byTarget = new HashMap<>();
    messages.fields().forEachRemaining(user -> user.getValue().fields().forEachRemaining(d -> {
      ObjectNode ev = Json.mapper().createObjectNode().put("type", "m.room.encrypted").put("sender", fromUser);
      ev.set("content", d.getValue());
      byTarget.computeIfAbsent(user.getKey() + "|" + d.getKey(), k -> new ArrayList<>()).add(ev);
    }));
    byTarget.forEach((target, evs) -> {
      if (target.equals(SyncFixture.BOT + "|" + BOT_DEVICE)) {
        botMail.addAll(evs);
        toDeviceServed.addAndGet(evs.size());
      } else if (target.equals(SENDER + "|" + SENDER_DEVICE)) {
        senderMail.addAll(evs);
      }
    });
  }

  private static LoopbackHttpServer.Response json(String json) {
    return new LoopbackHttpServer.Response(200, json.getBytes(StandardCharsets.UTF_8));
  }

  private static LoopbackHttpServer.Response notFound() {
    return new LoopbackHttpServer.Response(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no such state\"}"
        .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws IOException {
    botSide.close();
    senderSide.close();
  }
}

package dev.steward.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import okhttp3.mockwebserver.MockWebServer;

/**
 * A fake Matrix homeserver for one bot account, on OkHttp's MockWebServer. A test fills rooms
 * ({@code hs.room(id).member(alice, "Alice")}), pushes events ({@code hs.say(alice, room, "!roll 2d6")}) that the
 * bot receives through {@code /sync}, and asserts on what the bot sent ({@link #sent()}, {@link #await}).
 *
 * <p>It answers what a bot needs: login, whoami, versions, filters, a long-polling {@code /sync} with an
 * incremental token, sends, redactions, state (one event, or all of a room's), joins, leaves and forgets, membership actions (kick and
 * ban need the bot's power level, as on a real server), {@code /joined_rooms}, {@code /joined_members}, history
 * pages ({@code /messages}, unfiltered) and the bot's global account data ({@code m.direct}…, 404 until set).
 * For end-to-end encryption it keeps device and one-time keys ({@code /keys/upload}, {@code query}, {@code claim})
 * and to-device messages, for the bot and for {@link #encryptedUser encrypted users}.
 * Anything else gets 404 {@code M_UNRECOGNIZED} and is listed in {@link #unhandled()}.
 */
public final class FakeHomeserver implements AutoCloseable {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** The access token the bot's login gets. */
  static final String BOT_TOKEN = "fake-access-token";

  private final UserId bot;
  private final MockWebServer server = new MockWebServer();
  private final Map<RoomId, FakeRoom> rooms = new LinkedHashMap<>();
  private final List<SyncLog.Entry> log = new ArrayList<>();
  private final List<Sent> sent = new ArrayList<>();
  private final List<String> unhandled = new ArrayList<>();
  private final Map<String, Answer> answers = new LinkedHashMap<>();
  private final Map<String, Integer> answered = new LinkedHashMap<>();
  private final Map<String, JsonNode> accountData = new LinkedHashMap<>();
  private long nextId;
  /** The last origin_server_ts given out: the wall clock, as on a real server, but strictly increasing. */
  private long ts;
  private boolean closed;
  private final FakeKeys keys = new FakeKeys();
  /** The test's encrypted users' devices, by access token. */
  private final Map<String, FakeKeys.Device> peers = new LinkedHashMap<>();
  private final List<EncryptedUser> encryptedUsers = new ArrayList<>();
  private FakeKeys.Device botDevice;
  /** Whether to-device messages for the bot wait (room keys that come late). */
  private boolean holdingMail;

  private FakeHomeserver(UserId bot) {
    this.bot = bot;
    server.setDispatcher(new Routes(this));
  }

  /** Starts a fake homeserver on 127.0.0.1 where {@code bot} is the account that logs in. */
  public static FakeHomeserver start(UserId bot) {
    FakeHomeserver hs = new FakeHomeserver(Objects.requireNonNull(bot, "bot"));
    try {
      hs.server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake homeserver", e);
    }
    return hs;
  }

  /** The base URL to put in {@code homeserver.url}. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The bot's account. */
  public UserId bot() {
    return bot;
  }

  /** The room {@code id}, created empty (default power levels, no members) on first use. */
  public synchronized FakeRoom room(RoomId id) {
    Objects.requireNonNull(id, "id");
    return rooms.computeIfAbsent(id, r -> new FakeRoom(this, r));
  }

  /** {@link #room(RoomId)} by its string id, e.g. {@code "!r:test"}. */
  public FakeRoom room(String id) {
    return room(RoomId.of(id));
  }

  // ---- what the test pushes ----

  /** {@code sender} says {@code body} ({@code m.text}) in {@code room}. */
  public EventId say(UserId sender, RoomId room, String body) {
    return message(sender, room, content("m.text", body));
  }

  /** {@code sender} sends an {@code m.notice}, as bots do. */
  public EventId notice(UserId sender, RoomId room, String body) {
    return message(sender, room, content("m.notice", body));
  }

  /** {@code sender} sends an {@code m.room.message} with the given content. */
  public EventId message(UserId sender, RoomId room, ObjectNode content) {
    return push(room, event("m.room.message", sender, content));
  }

  /** {@code sender} reacts to {@code target} with {@code key}. */
  public EventId react(UserId sender, RoomId room, EventId target, String key) {
    ObjectNode c = JSON.objectNode();
    c.putObject("m.relates_to").put("rel_type", "m.annotation").put("event_id", target.value()).put("key", key);
    return push(room, event("m.reaction", sender, c));
  }

  /** {@code sender} redacts {@code target}. */
  public EventId redact(UserId sender, RoomId room, EventId target) {
    return push(room, event("m.room.redaction", sender, JSON.objectNode()).put("redacts", target.value()));
  }

  /** {@code inviter} invites {@code invitee}; when that is the bot, the bot's sync shows the invite. */
  public void invite(RoomId room, UserId inviter, UserId invitee) {
    membershipEvent(room(room), inviter, invitee, "invite", null, null);
  }

  /** {@code user} joins. */
  public EventId join(RoomId room, UserId user) {
    return membershipEvent(room(room), user, user, "join", null, null);
  }

  /** {@code user} leaves. */
  public EventId leave(RoomId room, UserId user) {
    return membershipEvent(room(room), user, user, "leave", null, null);
  }

  /** {@code by} kicks {@code user}. */
  public EventId kick(RoomId room, UserId by, UserId user, String reason) {
    return membershipEvent(room(room), by, user, "leave", null, reason);
  }

  /** {@code by} bans {@code user}. */
  public EventId ban(RoomId room, UserId by, UserId user, String reason) {
    return membershipEvent(room(room), by, user, "ban", null, reason);
  }

  /** {@code sender} sets a state event; the room's state follows. */
  public EventId state(UserId sender, RoomId room, String type, String stateKey, JsonNode content) {
    ObjectNode ev = event(type, sender, content.deepCopy()).put("state_key", stateKey);
    return push(room, ev);
  }

  /**
   * Pushes a raw room event: {@code event_id} and {@code origin_server_ts} are filled in when missing, a state event
   * updates the room. The bot's sync delivers it if the bot is joined (or it is the bot's own membership).
   */
  public synchronized EventId push(RoomId room, ObjectNode event) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(event, "event");
    FakeRoom r = room(room);
    if (!event.has("event_id")) {
      event.put("event_id", newEventId());
    }
    if (!event.has("origin_server_ts")) {
      ts = Math.max(ts + 1, System.currentTimeMillis());
      event.put("origin_server_ts", ts);
    }
    String prev = null;
    if (event.has("state_key")) {
      if (event.path("type").asText().equals("m.room.member")) {
        prev = r.membership(UserId.of(event.path("state_key").asText())).orElse(null);
        if (prev != null) {
          event.withObject("unsigned").putObject("prev_content").put("membership", prev);
        }
      }
    }
    r.apply(event);
    boolean ownMembership = bot.value().equals(event.path("state_key").asText(null));
    if (r.isJoined(bot) || ownMembership) {
      boolean invite = ownMembership && event.path("content").path("membership").asText().equals("invite");
      log.add(new SyncLog.Entry(room, event.deepCopy(), invite));
      notifyAll();
    }
    return EventId.of(event.path("event_id").asText());
  }

  EventId membershipEvent(FakeRoom room, UserId sender, UserId target, String membership, String name,
                          String reason) {
    ObjectNode c = JSON.objectNode().put("membership", membership);
    if (name != null) {
      c.put("displayname", name);
    }
    if (reason != null) {
      c.put("reason", reason);
    }
    return push(room.id(), event("m.room.member", sender, c).put("state_key", target.value()));
  }

  // ---- what the bot sent ----

  /** Everything the bot sent so far, in order. */
  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** What the bot sent of one kind, e.g. {@code sent(Sent.Reaction.class)}. */
  public synchronized <T extends Sent> List<T> sent(Class<T> type) {
    return sent.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Waits for the first thing the bot sent (or sends within {@code timeout}) of {@code type} matching {@code p}. */
  public <T extends Sent> T await(Class<T> type, Predicate<? super T> p, Duration timeout) {
    int i = awaitIndex(0, s -> type.isInstance(s) && p.test(type.cast(s)), timeout, type.getSimpleName());
    return type.cast(sentAt(i));
  }

  /** A canned answer for {@link #answer}. */
  record Answer(int status, JsonNode body) {}

  /**
   * Answers {@code method path} (the path without its query, e.g. {@code /_synapse/admin/v1/event_reports}) with
   * {@code status} and {@code body} from now on, for APIs the kit does not fake (a homeserver's admin API, say);
   * calling it again for the same request changes the answer. Outranks the kit's own routes.
   */
  public synchronized void answer(String method, String path, int status, JsonNode body) {
    answers.put(Objects.requireNonNull(method, "method") + " " + Objects.requireNonNull(path, "path"),
        new Answer(status, Objects.requireNonNull(body, "body")));
  }

  /** How many requests {@code method path} got a canned {@link #answer} so far. */
  public synchronized int answeredCount(String method, String path) {
    return answered.getOrDefault(method + " " + path, 0);
  }

  synchronized Answer cannedAnswer(String method, String path) {
    Answer a = answers.get(method + " " + path);
    if (a != null) {
      answered.merge(method + " " + path, 1, Integer::sum);
      notifyAll();
    }
    return a;
  }

  /**
   * Sets the bot's global account data of {@code type} (e.g. {@code m.direct}, which {@code rooms().invite} reads
   * to keep a direct chat to two), as if another of its clients had saved it.
   */
  public synchronized void setAccountData(String type, JsonNode content) {
    accountData.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(content, "content").deepCopy());
  }

  /** The bot's global account data of {@code type}, as it last saved it; empty when never set. */
  public synchronized Optional<JsonNode> accountData(String type) {
    return Optional.ofNullable(accountData.get(type)).map(JsonNode::deepCopy);
  }

  /** Requests the fake does not understand, as {@code "METHOD /path"}: a bot using an API the kit lacks. */
  public synchronized List<String> unhandled() {
    return List.copyOf(unhandled);
  }

  synchronized int awaitIndex(int from, Predicate<Sent> p, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int i = from;
    while (true) {
      for (; i < sent.size(); i++) {
        if (p.test(sent.get(i))) {
          return i;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("the bot sent no matching " + what + " within " + timeout + "; it sent: "
            + sent.subList(from, sent.size()) + (unhandled.isEmpty() ? "" : "; unhandled requests: " + unhandled));
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  synchronized Sent sentAt(int i) {
    return sent.get(i);
  }

  synchronized int sentCount() {
    return sent.size();
  }

  synchronized void record(Sent s) {
    sent.add(s);
    notifyAll();
  }

  synchronized void recordUnhandled(String request) {
    unhandled.add(request);
  }

  // ---- used by the routes ----

  synchronized FakeRoom existingRoom(RoomId id) {
    return rooms.get(id);
  }

  synchronized List<RoomId> joinedRooms() {
    return rooms.values().stream().filter(r -> r.isJoined(bot)).map(FakeRoom::id).toList();
  }

  /** The sync response after {@code since}; waits up to {@code wait} for something new. */
  synchronized ObjectNode sync(long since, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (log.size() <= since && !closed && !mailForBot()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    ObjectNode response = SyncLog.response(log, since);
    if (mailForBot()) {
      response.putObject("to_device").set("events", keys.takeMail(botDevice()));
    }
    if (keys.oneTimeKeyCount(botDevice()) > 0) {
      response.putObject("device_one_time_keys_count").put("signed_curve25519", keys.oneTimeKeyCount(botDevice()));
    }
    return response;
  }

  private boolean mailForBot() {
    return !holdingMail && keys.hasMail(botDevice());
  }

  // ---- end-to-end encryption ----

  /**
   * A user with an end-to-end encrypted device, for encrypted rooms ({@link FakeRoom#encrypted()}): its keys are on
   * this server, what it says is encrypted, and the bot's encrypted messages are read through it. Needs a bot with
   * encryption on ({@code BotTester.Builder.encrypted()}).
   */
  public EncryptedUser encryptedUser(UserId user) {
    Objects.requireNonNull(user, "user");
    String token;
    synchronized (this) {
      token = "fake-token-" + user.value() + "-" + peers.size();
      peers.put(token, new FakeKeys.Device(user, "DEV" + peers.size()));
    }
    EncryptedUser u = new EncryptedUser(this, user, token, peers.get(token).deviceId());
    synchronized (this) {
      encryptedUsers.add(u);
    }
    return u;
  }

  /**
   * From now on, to-device messages for the bot (the room keys of encrypted users) wait until {@link #releaseKeys()}:
   * the bot sees encrypted events before the keys that open them.
   */
  public synchronized void holdKeys() {
    holdingMail = true;
  }

  /** The held to-device messages reach the bot with its next sync, and later ones at once. */
  public synchronized void releaseKeys() {
    holdingMail = false;
    notifyAll();
  }

  synchronized void loggedIn(String deviceId) {
    botDevice = new FakeKeys.Device(bot, deviceId);
  }

  synchronized FakeKeys.Device botDevice() {
    return botDevice != null ? botDevice : new FakeKeys.Device(bot, "FAKEDEVICE");
  }

  synchronized FakeKeys.Device peer(String token) {
    return peers.get(token);
  }

  synchronized <T> T keys(java.util.function.Function<FakeKeys, T> use) {
    T answer = use.apply(keys);
    notifyAll(); // to-device messages for the bot end its long poll
    return answer;
  }

  /** An encrypted user's sync: its to-device messages, and nothing else. */
  synchronized ObjectNode peerSync(FakeKeys.Device peer) {
    ObjectNode response = JSON.objectNode().put("next_batch", SyncLog.token(log.size()));
    response.putObject("to_device").set("events", keys.takeMail(peer));
    return response;
  }

  synchronized List<EncryptedUser> encryptedUsers() {
    return List.copyOf(encryptedUsers);
  }

  synchronized String newEventId() {
    return "$fake" + (++nextId) + ":test";
  }

  static ObjectNode event(String type, UserId sender, ObjectNode content) {
    ObjectNode ev = JSON.objectNode().put("type", type).put("sender", sender.value());
    ev.set("content", content);
    return ev;
  }

  static ObjectNode content(String msgtype, String body) {
    return JSON.objectNode().put("msgtype", msgtype).put("body", Objects.requireNonNull(body, "body"));
  }

  /** Stops the server, waking any {@code /sync} that waits. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      server.shutdown();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

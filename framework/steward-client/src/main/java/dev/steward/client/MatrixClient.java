package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import dev.steward.client.internal.RetryInterceptor;
import dev.steward.client.internal.SyncParser;
import dev.steward.client.internal.SyncStream;
import dev.steward.client.model.Capabilities;
import dev.steward.client.model.LoginResponse;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.model.Versions;
import dev.steward.client.model.WhoAmI;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A connection to one Matrix homeserver as one user: authentication, sync and sending events. Thread-safe; share
 * one per account. Retries rate limits and transient failures itself (see {@link RetryPolicy}).
 */
public final class MatrixClient implements AutoCloseable {
  private static final Duration SYNC_READ_MARGIN = Duration.ofSeconds(30);

  private final Http http;
  private final Reachability reachability;
  private final Rooms rooms;
  private final Messages messages;
  private final String txnPrefix = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicLong txnCounter = new AtomicLong();
  private volatile UserId userId;
  private volatile String deviceId;
  private volatile Encryption encryption;

  private MatrixClient(Http http, Reachability reachability, UserId userId, String deviceId) {
    this.http = http;
    this.reachability = reachability;
    this.rooms = new Rooms(this, http);
    this.messages = new Messages(this, http);
    this.userId = userId;
    this.deviceId = deviceId;
  }

  /** Starts building a client. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether the homeserver answers, as this client's requests last found it; shared by everything using the client. */
  public Reachability reachability() {
    return reachability;
  }

  /** The homeserver's base URL, e.g. {@code http://127.0.0.1:8008/}. */
  public HttpUrl homeserver() {
    return http.baseUrl();
  }

  /**
   * Releases the idle HTTP connections and threads of a client built without an OkHttp client of the caller's; one
   * given to the builder is the caller's to close. Calls made after this may fail.
   */
  @Override
  public void close() {
    http.close();
  }

  /** The logged-in user, once known (after login, whoami, or when given to the builder). */
  public UserId userId() {
    UserId id = userId;
    if (id == null) {
      throw new IllegalStateException("user id unknown: log in or call whoami() first");
    }
    return id;
  }

  /** Whether the user id is known without asking the server. */
  boolean knowsUserId() {
    return userId != null;
  }

  /** The user id for log lines: the id when known, else "(unknown user)". */
  String userIdOrUnknown() {
    UserId id = userId;
    return id == null ? "(unknown user)" : id.value();
  }

  /** The device id of the current session, or null when unknown. */
  public String deviceId() {
    return deviceId;
  }

  /** Whether the client holds an access token. */
  public boolean isLoggedIn() {
    return http.hasAccessToken();
  }

  /** Room creation and membership. */
  public Rooms rooms() {
    return rooms;
  }

  /** Sending, replying, editing, reacting and redacting. */
  public Messages messages() {
    return messages;
  }

  /** Roles over power levels: owners, moderators, who may do what. */
  public Roles roles() {
    return new Roles(rooms);
  }

  // ---- rooms API, part A ----

  /** Room metadata and settings: name, topic, avatar, aliases, join rules, visibility, nickname, full state. */
  public RoomSettings settings() {
    return new RoomSettings(this);
  }

  /** The public room directory and the user directory. */
  public Directory directory() {
    return new Directory(this);
  }

  /** Global profiles: display names and avatars. */
  public Profiles profiles() {
    return new Profiles(this);
  }

  /** The user's room tags and per-room notification modes. */
  public RoomTags tags() {
    return new RoomTags(this);
  }

  /** Read receipts, fully-read markers and typing notifications. */
  public ReadMarkers receipts() {
    return new ReadMarkers(this);
  }

  /** Room history: paging, single events and context. */
  public History history() {
    return new History(this);
  }

  /** Spaces: adding, removing and listing their rooms. */
  public Spaces spaces() {
    return new Spaces(this);
  }

  /** Room version upgrades and tombstones. */
  public RoomUpgrades upgrades() {
    return new RoomUpgrades(this);
  }

  // ---- rooms API, part B ----

  /**
   * End-to-end encryption keys of this device (held by {@code account}) and of other users' devices: upload, top-up,
   * query and claim. Needs the user id and device id (after login).
   */
  public Keys keys(dev.steward.client.crypto.OlmAccount account) {
    return new Keys(this, account);
  }

  /**
   * Turns on end-to-end encryption for this device, its state kept in {@code store}: loads the device's account from
   * the store or creates one and uploads its keys. From then on {@link #sendEvent} encrypts into encrypted rooms.
   * Needs the user id and device id (after login); a store holding another device's account is refused.
   */
  public synchronized Encryption enableEncryption(dev.steward.client.crypto.CryptoStore store) {
    if (encryption == null) {
      encryption = new Encryption(this, store);
    }
    return encryption;
  }

  /** The encryption turned on by {@link #enableEncryption}, or null. */
  public synchronized Encryption encryption() {
    return encryption;
  }

  /** Direct chats: get-or-create a DM with a user, kept in {@code m.direct}. */
  public DirectMessages directMessages() {
    return new DirectMessages(this, http);
  }

  /** Mute/unmute, archive/unarchive and close, over power levels and Steward state events. */
  public Moderation moderation() {
    return new Moderation(this, http);
  }

  /** The reports users file about events, from Synapse's admin API (needs a server admin account). */
  public EventReports eventReports() {
    return new EventReports(http);
  }

  /** Uploading and downloading media, and sending files and images. */
  public Media media() {
    return new Media(this, http);
  }

  /**
   * Accounts and sessions: registration, login types, username availability, password change and reset,
   * deactivation, third-party identifiers. Registration works on a client built without an access token.
   */
  public Accounts accounts() {
    return new Accounts(this, http);
  }

  /** Synapse server-admin powers: joining a user to a room without consent, listing rooms the admin is not in. */
  public ServerAdmin serverAdmin() {
    return new ServerAdmin(this, http);
  }

  /** Exporting a room to a ZIP bundle and importing one into a new room. */
  public RoomExport export() {
    return new RoomExport(this, http);
  }

  // ---- server information ----

  /** The spec versions the server supports. Needs no login. */
  public Versions versions() {
    return http.json("GET", http.url("_matrix", "client", "versions"), null, CallOptions.SAFE, Versions.class);
  }

  /** What this account may do on this server. */
  public Capabilities capabilities() {
    JsonNode body = http.json("GET", http.v3(null, "capabilities"), null, CallOptions.SAFE, JsonNode.class);
    return new Capabilities(body.path("capabilities"));
  }

  // ---- authentication ----

  /** Logs in with {@code m.login.password}; the client uses the new token from now on. */
  public LoginResponse login(String user, String password) {
    return login(user, password, null, null);
  }

  /**
   * Logs in with {@code m.login.password}, reusing {@code deviceId} when given (keeps the bot's device stable) and
   * naming a new device {@code deviceName}.
   */
  public LoginResponse login(String user, String password, String deviceId, String deviceName) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    ObjectNode body = Json.mapper().createObjectNode().put("type", "m.login.password");
    body.putObject("identifier").put("type", "m.id.user").put("user", user);
    body.put("password", password);
    return doLogin(body, deviceId, deviceName);
  }

  /** Logs in with a short-lived {@code m.login.token} (from SSO or an admin API). */
  public LoginResponse loginWithToken(String loginToken) {
    return loginWithToken(loginToken, null, null);
  }

  /**
   * Logs in with a short-lived {@code m.login.token}, reusing {@code deviceId} when given and naming a new device
   * {@code deviceName} (either may be null).
   */
  public LoginResponse loginWithToken(String loginToken, String deviceId, String deviceName) {
    Objects.requireNonNull(loginToken, "loginToken");
    ObjectNode body = Json.mapper().createObjectNode().put("type", "m.login.token").put("token", loginToken);
    return doLogin(body, deviceId, deviceName);
  }

  private LoginResponse doLogin(ObjectNode body, String wantedDevice, String deviceName) {
    if (wantedDevice != null) {
      body.put("device_id", wantedDevice);
    }
    if (deviceName != null) {
      body.put("initial_device_display_name", deviceName);
    }
    LoginResponse r = http.json("POST", http.v3(null, "login"), body, CallOptions.UNSAFE, LoginResponse.class);
    if (r.accessToken() == null || r.userId() == null) {
      throw new MatrixException("POST /_matrix/client/v3/login", "response lacks user_id or access_token", null);
    }
    adopt(r);
    return r;
  }

  /** Uses a new session (login or registration) from now on. */
  void adopt(LoginResponse session) {
    http.setAccessToken(session.accessToken());
    this.userId = session.userId();
    this.deviceId = session.deviceId();
  }

  /** Invalidates this session's access token. */
  public void logout() {
    http.json("POST", http.v3(null, "logout"), null, CallOptions.UNSAFE, Void.class);
    http.setAccessToken(null);
  }

  /** Invalidates every access token of the account, this one included. */
  public void logoutAll() {
    http.json("POST", http.v3(null, "logout", "all"), null, CallOptions.UNSAFE, Void.class);
    http.setAccessToken(null);
  }

  /** Asks the server who the token belongs to, and remembers the answer. */
  public WhoAmI whoami() {
    WhoAmI w = http.json("GET", http.v3(null, "account", "whoami"), null, CallOptions.SAFE, WhoAmI.class);
    this.userId = w.userId();
    if (w.deviceId() != null) {
      this.deviceId = w.deviceId();
    }
    return w;
  }

  // ---- sync ----

  /** Uploads a filter definition for {@code /sync} and returns its id. */
  public String uploadFilter(JsonNode filter) {
    Objects.requireNonNull(filter, "filter");
    JsonNode r = http.json("POST", http.v3(null, "user", userId().value(), "filter"), filter, CallOptions.SAFE,
        JsonNode.class);
    String id = r.path("filter_id").asText(null);
    if (id == null) {
      throw new MatrixException("POST /_matrix/client/v3/user/{userId}/filter", "response lacks filter_id", null);
    }
    return id;
  }

  /** One {@code /sync} call; blocks up to the request's timeout when nothing happens. */
  public SyncResponse sync(SyncRequest request) {
    return sync(request, null);
  }

  /** {@link #sync(SyncRequest)}, handing the in-flight call to {@code onCall} so a loop can cancel it on stop. */
  SyncResponse sync(SyncRequest request, Consumer<Call> onCall) {
    return sync(request, onCall, null);
  }

  /**
   * As {@link #sync(SyncRequest, Consumer)}; with {@code rooms}, a body larger than {@link SyncStream#WHOLE_BYTES}
   * is read as a stream and its joined rooms handed to {@code rooms} in groups as they are read (the batch returned
   * then holds the rest), so a large initial sync is never held whole.
   */
  SyncResponse sync(SyncRequest request, Consumer<Call> onCall, Consumer<Map<RoomId, JoinedRoom>> rooms) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("since", request.since());
    q.put("timeout", Long.toString(request.timeout().toMillis()));
    q.put("filter", request.filter());
    q.put("full_state", request.fullState() ? "true" : null);
    q.put("set_presence", request.setPresence());
    CallOptions options = new CallOptions(true, request.timeout().plus(SYNC_READ_MARGIN));
    Request req = http.request("GET", http.v3(q, "sync"), null, options, true);
    try (Response response = http.raw(req, onCall)) {
      ResponseBody body = response.body();
      long length = body.contentLength();
      if (rooms == null || (length >= 0 && length <= SyncStream.WHOLE_BYTES)) {
        return SyncParser.parse(body.bytes());
      }
      return SyncStream.read(body.byteStream(), rooms);
    } catch (IOException | IllegalArgumentException e) {
      throw new MatrixException(Http.describe(req), "unreadable sync response (" + e.getMessage() + ")", e);
    }
  }

  // ---- events ----

  /**
   * Sends a message event with a fresh transaction id. The client's own retries reuse that id, so a retried send
   * shows up once in the room.
   */
  public EventId sendEvent(RoomId room, String type, Object content) {
    return sendEvent(room, type, content, newTxnId());
  }

  /**
   * Sends a message event under a caller-chosen transaction id: sending again with the same id (same access
   * token) returns the first event instead of creating another.
   *
   * <p>With {@link #enableEncryption encryption} on, a message event (reactions and edits included) into an
   * encrypted room is sent as {@code m.room.encrypted}; redactions are not encrypted. The client's own retries resend
   * the same ciphertext; a caller sending again with the same transaction id encrypts again (a new message index),
   * which the homeserver answers with the first event, so the room still shows the message once.
   */
  public EventId sendEvent(RoomId room, String type, Object content, String txnId) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(txnId, "txnId");
    Encryption e2ee = encryption;
    if (e2ee != null && !type.equals("m.room.redaction") && !type.equals("m.room.encrypted")
        && e2ee.isEncrypted(room)) {
      content = e2ee.encrypt(room, type, Json.mapper().valueToTree(content));
      type = "m.room.encrypted";
    }
    JsonNode r = http.json("PUT", http.v3(null, "rooms", room.value(), "send", type, txnId), content,
        CallOptions.SAFE, JsonNode.class);
    return EventId.of(r.path("event_id").asText(null));
  }

  /** Sends a plain-text {@code m.text} message. */
  public EventId sendText(RoomId room, String body) {
    Objects.requireNonNull(body, "body");
    ObjectNode content = Json.mapper().createObjectNode().put("msgtype", "m.text").put("body", body);
    return sendEvent(room, "m.room.message", content);
  }

  /** A transaction id unique to this client instance. */
  public String newTxnId() {
    return "steward-" + txnPrefix + "-" + txnCounter.incrementAndGet();
  }

  /** Low-level access for the rest of this module (rooms, membership…). */
  Http http() {
    return http;
  }

  @Override
  public String toString() {
    return "MatrixClient[" + http.baseUrl() + ", user=" + userId + "]";
  }

  /** Builds a {@link MatrixClient}. */
  public static final class Builder {
    private HttpUrl homeserver;
    private String accessToken;
    private UserId userId;
    private String deviceId;
    private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
    private RetryPolicy.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    private OkHttpClient okHttp;
    private Duration callTimeout = Duration.ofSeconds(60);
    private RequestObserver observer = RequestObserver.NONE;

    private Builder() {}

    /** The homeserver base URL, e.g. {@code https://matrix.example.org} (see {@link WellKnown} to discover it). */
    public Builder homeserver(String url) {
      Objects.requireNonNull(url, "url");
      HttpUrl parsed = HttpUrl.parse(url);
      if (parsed == null) {
        throw new IllegalArgumentException("invalid homeserver URL '" + url + "': expected http:// or https://");
      }
      return homeserver(parsed);
    }

    /** The homeserver base URL. */
    public Builder homeserver(HttpUrl url) {
      this.homeserver = Objects.requireNonNull(url, "url");
      return this;
    }

    /** An existing access token (skip login). */
    public Builder accessToken(String token) {
      this.accessToken = token;
      return this;
    }

    /** The user the token belongs to, when known (saves a whoami). */
    public Builder userId(UserId id) {
      this.userId = id;
      return this;
    }

    /** The device id of the token, when known. */
    public Builder deviceId(String id) {
      this.deviceId = id;
      return this;
    }

    /** How the client retries on its own; {@link RetryPolicy#DEFAULT} unless set. */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Replaces the sleep between retries (tests record delays instead of waiting). */
    public Builder retrySleeper(RetryPolicy.Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Shares an OkHttp client (connection pool, dispatcher); Steward adds its retry interceptor to a copy. */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttp = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The read timeout of ordinary calls (sync long-polls get their own). Default 60 s. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Tells {@code observer} of every request to the homeserver (metrics); none unless set. */
    public Builder requestObserver(RequestObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** Builds the client. */
    public MatrixClient build() {
      if (homeserver == null) {
        throw new IllegalStateException("homeserver URL is required");
      }
      OkHttpClient base = okHttp != null ? okHttp : ownClient(homeserver);
      // The probe asks once, without retries: the waiters around it do the waiting.
      AtomicReference<Http> probeVia = new AtomicReference<>();
      Reachability reachability = new Reachability(homeserver.toString(), () -> probeVia.get().json("GET",
          probeVia.get().url("_matrix", "client", "versions"), null, CallOptions.UNSAFE, Void.class), System::nanoTime);
      OkHttpClient client = base.newBuilder()
          .addInterceptor(new RetryInterceptor(retryPolicy, sleeper, reachability, observer))
          .readTimeout(callTimeout)
          // OkHttp's own silent retry may repeat a POST (a second createRoom); RetryInterceptor owns retries.
          .retryOnConnectionFailure(false)
          .build();
      // newBuilder() shares the pool and dispatcher: only a client built here from nothing owns them.
      Http http = new Http(client, homeserver, accessToken, okHttp == null, RoomErrors::translate);
      probeVia.set(http);
      return new MatrixClient(http, reachability, userId, deviceId);
    }

    /**
     * A client of its own: for an {@code http://} homeserver without TLS, which OkHttp would otherwise set up at once
     * (reading the JDK's CA certificates, about 0.1 s of a start) though no call of this client can use it.
     */
    private static OkHttpClient ownClient(HttpUrl homeserver) {
      if (homeserver.isHttps()) {
        return new OkHttpClient();
      }
      return new OkHttpClient.Builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
    }
  }
}

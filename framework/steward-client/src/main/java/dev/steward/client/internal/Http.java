package dev.steward.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.client.InteractiveAuthException;
import dev.steward.client.MatrixException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Executes Client-Server API calls: builds the URL from path segments (each one percent-encoded, so ids with
 * {@code !}, {@code #}, {@code :} or {@code /} are safe), sends JSON, maps non-2xx answers to
 * {@link MatrixException}. Holds the access token and puts it only in the Authorization header.
 */
public final class Http {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final long ERROR_BODY_LIMIT = 64 * 1024;
  private static final int UNREADABLE_BODY_ATTEMPTS = 3;

  private final OkHttpClient okHttp;
  private final HttpUrl baseUrl;
  private final ObjectMapper mapper = Json.mapper();
  private volatile String accessToken;
  private final ErrorTranslator translator;
  /** Whether the OkHttp client's connections and threads are this one's alone, to be released on close. */
  private final boolean ownsConnections;

  /**
   * @param ownsConnections true when {@code okHttp} was built for this client alone (its connection pool and
   *     dispatcher shared with nobody), so {@link #close()} may release them
   */
  public Http(OkHttpClient okHttp, HttpUrl baseUrl, String accessToken, boolean ownsConnections) {
    this(okHttp, baseUrl, accessToken, ownsConnections, (http, request, e) -> e);
  }

  /**
   * @param translator turns a failed call's {@link MatrixException} into a more specific one (room errors), knowing
   *     the request; it is handed this {@code Http} in case it must ask the server something more
   */
  public Http(OkHttpClient okHttp, HttpUrl baseUrl, String accessToken, boolean ownsConnections,
              ErrorTranslator translator) {
    this.translator = Objects.requireNonNull(translator, "translator");
    this.okHttp = Objects.requireNonNull(okHttp, "okHttp");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.accessToken = accessToken;
    this.ownsConnections = ownsConnections;
  }

  /**
   * Closes the idle connections and stops the dispatcher's threads, if they are this client's own; a shared OkHttp
   * client is left as it is. Without this, idle keep-alive connections stay open for minutes after a bot stopped.
   */
  public void close() {
    if (ownsConnections) {
      okHttp.dispatcher().executorService().shutdown();
      okHttp.connectionPool().evictAll();
    }
  }

  public HttpUrl baseUrl() {
    return baseUrl;
  }

  public OkHttpClient okHttp() {
    return okHttp;
  }

  public void setAccessToken(String token) {
    this.accessToken = token;
  }

  public boolean hasAccessToken() {
    return accessToken != null;
  }

  /** A URL under the base: {@code url("_matrix", "client", "v3", "rooms", roomId, "state")}. */
  public HttpUrl url(String... segments) {
    return withSegments(baseUrl.newBuilder(), segments).build();
  }

  /** A client-server v3 URL with optional query parameters (null values are left out). */
  public HttpUrl v3(Map<String, String> query, String... segments) {
    // One builder for path and query: every send builds a URL, and building it twice showed in profiles.
    HttpUrl.Builder b = withSegments(baseUrl.newBuilder().addPathSegment("_matrix").addPathSegment("client")
        .addPathSegment("v3"), segments);
    if (query != null) {
      query.forEach((k, v) -> {
        if (v != null) {
          b.addQueryParameter(k, v);
        }
      });
    }
    return b.build();
  }

  private static HttpUrl.Builder withSegments(HttpUrl.Builder b, String... segments) {
    for (String s : segments) {
      b.addPathSegment(s);
    }
    return b;
  }

  /** Sends a JSON request and parses the JSON answer into {@code type}. */
  public <T> T json(String method, HttpUrl url, Object body, CallOptions options, Class<T> type) {
    return json(method, url, body, options, type, null);
  }

  /** As {@link #json}, handing the in-flight call to {@code onCall} first so it can be cancelled. */
  public <T> T json(String method, HttpUrl url, Object body, CallOptions options, Class<T> type,
                    Consumer<Call> onCall) {
    return send(request(method, url, body, options, true), options, type, onCall);
  }

  /**
   * As {@link #json}, without the Authorization header: for the calls made before there is a session (register,
   * requesting a validation token), which must not present some other session's token.
   */
  public <T> T anonymous(String method, HttpUrl url, Object body, CallOptions options, Class<T> type) {
    return send(request(method, url, body, options, false), options, type, null);
  }

  private <T> T send(Request request, CallOptions options, Class<T> type, Consumer<Call> onCall) {
    for (int attempt = 1; ; attempt++) {
      try (Response response = execute(request, onCall)) {
        if (type == Void.class) {
          return null;
        }
        try (InputStream in = response.body().byteStream()) {
          return mapper.readValue(in, type);
        } catch (IOException e) {
          // A body cut off in transit: for a call that is safe to repeat (a send reuses its txnId) asking again is
          // right; otherwise the caller must decide.
          if (!options.safeToRepeat() || attempt >= UNREADABLE_BODY_ATTEMPTS) {
            throw new MatrixException(describe(request), "unreadable response body (" + e.getMessage() + ")", e);
          }
        }
      }
    }
  }

  /** Sends a request and returns the open, successful response; the caller must close it. */
  public Response raw(Request request, Consumer<Call> onCall) {
    return execute(request, onCall);
  }

  /** Builds a request with the Authorization header (when {@code auth}) and the JSON body. */
  public Request request(String method, HttpUrl url, Object body, CallOptions options, boolean auth) {
    RequestBody rb = null;
    if (body != null) {
      try {
        rb = RequestBody.create(mapper.writeValueAsBytes(body), JSON);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot serialise request body for " + method + " " + url.encodedPath(), e);
      }
    } else if (!method.equals("GET") && !method.equals("DELETE") && !method.equals("HEAD")) {
      rb = RequestBody.create(new byte[] {'{', '}'}, JSON);
    }
    Request.Builder b = new Request.Builder().url(url).method(method, rb).tag(CallOptions.class, options);
    String token = accessToken;
    if (auth && token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  /** Runs the call; the description for errors is built only when one is thrown (most calls succeed). */
  private Response execute(Request request, Consumer<Call> onCall) {
    Call c = okHttp.newCall(request);
    if (onCall != null) {
      onCall.accept(c);
    }
    Response response;
    try {
      response = c.execute();
    } catch (IOException e) {
      throw new MatrixException(describe(request), transportProblem(e, c), e);
    }
    if (response.isSuccessful()) {
      return response;
    }
    MatrixException failure;
    try (response) {
      failure = error(describe(request), response);
    }
    throw translator.translate(this, request, failure);
  }

  private static String transportProblem(IOException e, Call c) {
    if (c.isCanceled()) {
      return "cancelled";
    }
    String msg = e.getMessage();
    return e.getClass().getSimpleName() + (msg == null ? "" : " (" + msg + ")");
  }

  private MatrixException error(String call, Response response) {
    String errcode = null;
    String error = null;
    Duration retryAfter = null;
    try {
      JsonNode body = mapper.readTree(response.peekBody(ERROR_BODY_LIMIT).string());
      if (body != null && body.isObject()) {
        errcode = body.path("errcode").isTextual() ? body.get("errcode").asText() : null;
        error = body.path("error").isTextual() ? body.get("error").asText() : null;
        if (response.code() == 401 && body.path("flows").isArray()) {
          return challenge(call, errcode, error, body);
        }
      }
    } catch (IOException | RuntimeException e) {
      error = "non-JSON error body";
    }
    if (response.code() == 429 || "M_LIMIT_EXCEEDED".equals(errcode)) {
      retryAfter = RetryInterceptor.retryAfter(response);
    }
    return new MatrixException(call, response.code(), errcode, error, retryAfter);
  }

  @SuppressWarnings("unchecked")
  private InteractiveAuthException challenge(String call, String errcode, String error, JsonNode body) {
    List<List<String>> flows = new ArrayList<>();
    for (JsonNode flow : body.get("flows")) {
      List<String> stages = new ArrayList<>();
      flow.path("stages").forEach(st -> stages.add(st.asText()));
      flows.add(stages);
    }
    List<String> completed = new ArrayList<>();
    body.path("completed").forEach(st -> completed.add(st.asText()));
    Map<String, Object> params = body.path("params").isObject()
        ? mapper.convertValue(body.get("params"), Map.class) : Map.of();
    String session = body.path("session").isTextual() ? body.get("session").asText() : null;
    return new InteractiveAuthException(call, 401, errcode, error, session, flows, completed, params);
  }

  /**
   * Turns a failed call's exception into a more specific one; see
   * {@link Http#Http(OkHttpClient, HttpUrl, String, boolean, ErrorTranslator)}.
   */
  @FunctionalInterface
  public interface ErrorTranslator {
    /** The exception to throw for {@code failure}, the failure itself when nothing more specific fits. */
    MatrixException translate(Http http, Request request, MatrixException failure);
  }

  /** "METHOD /path": what exceptions and logs may show. Never the query (could hold secrets) nor headers. */
  public static String describe(Request request) {
    return request.method() + " " + request.url().encodedPath();
  }

  /**
   * The endpoint of a request URL for metrics: the path after the API and its version, its ids replaced by
   * {@code {id}} and cut after three segments, so that no id or other free value can make a new one.
   * {@code /_matrix/client/v3/rooms/!a:b/send/m.room.message/t1} is {@code /client/rooms/{id}/send}, a media
   * download {@code /media/download}.
   */
  public static String endpoint(HttpUrl url) {
    List<String> segments = url.pathSegments();
    StringBuilder out = new StringBuilder();
    int i = 0;
    if (segments.size() > 1 && segments.get(0).equals("_matrix")) {
      out.append('/').append(segments.get(1)); // client, media, key, federation
      i = 2;
      if (i < segments.size() && isVersion(segments.get(i))) {
        i++;
      }
    } else if (segments.size() > 1 && segments.get(0).equals("_synapse")) {
      out.append("/_synapse/").append(segments.get(1));
      i = 2;
    }
    // After "media" come the action, then the server name and media id: free values, so media paths stop there.
    // Likewise sendToDevice/{type}/{txnId}.
    int limit = out.toString().equals("/media") ? 1 : 3;
    for (int kept = 0; i < segments.size() && kept < limit; i++, kept++) {
      String s = segments.get(i);
      out.append('/').append(isId(s) ? "{id}" : s);
      if (s.equals("media") || s.equals("sendToDevice")) {
        limit = kept + 2; // the action or event type, then free values
      }
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  private static boolean isVersion(String s) {
    if (s.equals("unstable")) {
      return true;
    }
    if (s.length() < 2 || (s.charAt(0) != 'v' && s.charAt(0) != 'r')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** A Matrix id or alias ({@code !room:server}, {@code @user:server}, {@code $event}, {@code #alias:server}). */
  private static boolean isId(String s) {
    return !s.isEmpty() && ("!@$#+".indexOf(s.charAt(0)) >= 0 || s.indexOf(':') >= 0);
  }
}

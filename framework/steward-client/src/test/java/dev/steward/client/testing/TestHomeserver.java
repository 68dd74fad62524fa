package dev.steward.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.MatrixClient;
import dev.steward.client.UserId;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The real Synapse that integration tests run against ({@code STEWARD_TEST_HOMESERVER}, default
 * {@code http://127.0.0.1:8008}). Starts it with {@code scripts/dev-homeserver.sh start} when it does not answer, and
 * registers fresh users so tests never share state.
 */
public final class TestHomeserver {
  private static final String URL = System.getenv().getOrDefault("STEWARD_TEST_HOMESERVER", "http://127.0.0.1:8008");
  private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
  private static TestHomeserver instance;

  private TestHomeserver() {}

  /** The running homeserver, started first if needed. */
  public static synchronized TestHomeserver get() {
    if (instance == null) {
      if (!answers()) {
        start();
      }
      instance = new TestHomeserver();
    }
    return instance;
  }

  /** The client API base URL. */
  public String url() {
    return URL;
  }

  /** Registers {@code prefix-<random>} with a random password, through open registration. */
  public TestUser newUser(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    ObjectNode body = Json.mapper().createObjectNode().put("username", name).put("password", password)
        .put("initial_device_display_name", "steward-it");
    body.putObject("auth").put("type", "m.login.dummy");
    return session("register", body, name, password, "registering " + name);
  }

  /**
   * Registers {@code prefix-<random>} as a server admin with the dev homeserver script (shared-secret registration
   * needs the server's config), then logs in for its token. Slower than {@link #newUser}: use only where admin
   * rights are the point.
   */
  public TestUser newAdmin(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "pw-" + UUID.randomUUID();
    script("register", name, password, "--admin");
    ObjectNode body = Json.mapper().createObjectNode().put("type", "m.login.password").put("password", password);
    body.putObject("identifier").put("type", "m.id.user").put("user", name);
    return session("login", body, name, password, "logging in admin " + name);
  }

  /** POSTs to {@code endpoint} (register or login) and reads the session it answers with. */
  private static TestUser session(String endpoint, ObjectNode body, String name, String password, String what) {
    Request req = new Request.Builder().url(URL + "/_matrix/client/v3/" + endpoint)
        .post(RequestBody.create(body.toString(), MediaType.get("application/json"))).build();
    try (Response r = HTTP.newCall(req).execute()) {
      JsonNode answer = Json.mapper().readTree(r.body().byteStream());
      if (!r.isSuccessful()) {
        throw new IllegalStateException(what + " failed: HTTP " + r.code() + " " + answer);
      }
      return new TestUser(UserId.of(answer.path("user_id").asText()), name, password,
          answer.path("access_token").asText(), answer.path("device_id").asText());
    } catch (IOException e) {
      throw new IllegalStateException(what + " failed", e);
    }
  }

  /** A client logged in as {@code user} through its registration token. */
  public MatrixClient client(TestUser user) {
    return MatrixClient.builder().homeserver(URL).accessToken(user.accessToken()).userId(user.userId())
        .deviceId(user.deviceId()).build();
  }

  private static boolean answers() {
    Request req = new Request.Builder().url(URL + "/_matrix/client/versions").build();
    try (Response r = HTTP.newBuilder().callTimeout(Duration.ofSeconds(3)).build().newCall(req).execute()) {
      return r.isSuccessful();
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the homeserver, keeps it down for {@code down}, and starts it again (for outage tests). */
  public void restart(Duration down) {
    script("stop");
    try {
      Thread.sleep(down.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the outage", e);
    }
    start();
  }

  private static void start() {
    script("start");
    if (!answers()) {
      throw new IllegalStateException("the test homeserver started but " + URL + " does not answer");
    }
  }

  private static void script(String... args) {
    Path script = projectRoot().resolve("scripts/dev-homeserver.sh");
    String command = args[0]; // the rest may be a password: never in a message
    List<String> argv = new ArrayList<>(List.of("bash", script.toString()));
    argv.addAll(List.of(args));
    try {
      Path log = Files.createTempFile("dev-homeserver", ".log");
      Process p = new ProcessBuilder(argv)
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("'" + script + " " + command + "' failed:\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }

  /** The checkout's root: the nearest parent of the working directory that holds scripts/dev-homeserver.sh. */
  public static Path projectRoot() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("scripts/dev-homeserver.sh"))) {
        return p;
      }
    }
    throw new IllegalStateException("no scripts/dev-homeserver.sh above " + dir);
  }
}

package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static dev.steward.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.Json;
import dev.steward.client.model.Capabilities;
import dev.steward.client.model.LoginResponse;
import dev.steward.client.model.Versions;
import dev.steward.client.model.WhoAmI;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthAndServerInfoTest {
  private static final String LOGIN_OK =
      "{\"user_id\":\"@bot:localhost\",\"access_token\":\"syt_new\",\"device_id\":\"DEV1\"}";

  private final MockWebServer server = new MockWebServer();
  private final MatrixClient anonymous = MatrixClient.builder().homeserver(server.url("/")).build();

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  private RecordedRequest take() throws InterruptedException {
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  @Test
  void passwordLoginSendsIdentifierAndUsesTheNewToken() throws Exception {
    server.enqueue(ok(LOGIN_OK));
    server.enqueue(ok("{\"user_id\":\"@bot:localhost\",\"device_id\":\"DEV1\"}"));

    LoginResponse r = anonymous.login("bot", "s3cret", "DEV1", "Steward");
    anonymous.whoami();

    RecordedRequest login = take();
    assertThat(login.getMethod()).isEqualTo("POST");
    assertThat(login.getPath()).isEqualTo("/_matrix/client/v3/login");
    assertThat(login.getHeader("Authorization")).isNull();
    JsonNode body = Json.mapper().readTree(login.getBody().readUtf8());
    assertThat(body.path("type").asText()).isEqualTo("m.login.password");
    assertThat(body.path("identifier").path("type").asText()).isEqualTo("m.id.user");
    assertThat(body.path("identifier").path("user").asText()).isEqualTo("bot");
    assertThat(body.path("password").asText()).isEqualTo("s3cret");
    assertThat(body.path("device_id").asText()).isEqualTo("DEV1");
    assertThat(body.path("initial_device_display_name").asText()).isEqualTo("Steward");
    assertThat(take().getHeader("Authorization")).isEqualTo("Bearer syt_new");
    assertThat(r.userId()).isEqualTo(UserId.of("@bot:localhost"));
    assertThat(anonymous.userId()).isEqualTo(UserId.of("@bot:localhost"));
    assertThat(anonymous.deviceId()).isEqualTo("DEV1");
    assertThat(r.toString()).doesNotContain("syt_new");
  }

  @Test
  void tokenLoginSendsLoginToken() throws Exception {
    server.enqueue(ok(LOGIN_OK));

    anonymous.loginWithToken("login-token-123");

    JsonNode body = Json.mapper().readTree(take().getBody().readUtf8());
    assertThat(body.path("type").asText()).isEqualTo("m.login.token");
    assertThat(body.path("token").asText()).isEqualTo("login-token-123");
    assertThat(anonymous.isLoggedIn()).isTrue();
  }

  @Test
  void wrongPasswordSurfacesForbidden() {
    server.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"Invalid username or password\"}"));

    assertThatThrownBy(() -> anonymous.login("bot", "wrong"))
        .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN))
        .hasMessageNotContaining("wrong");
    assertThat(anonymous.isLoggedIn()).isFalse();
  }

  @Test
  void logoutAndLogoutAllDropTheToken() throws Exception {
    server.enqueue(ok(LOGIN_OK));
    server.enqueue(ok("{}"));
    server.enqueue(ok(LOGIN_OK));
    server.enqueue(ok("{}"));

    anonymous.login("bot", "pw");
    anonymous.logout();
    assertThat(anonymous.isLoggedIn()).isFalse();
    anonymous.login("bot", "pw");
    anonymous.logoutAll();

    take();
    RecordedRequest logout = take();
    assertThat(logout.getPath()).isEqualTo("/_matrix/client/v3/logout");
    assertThat(logout.getHeader("Authorization")).isEqualTo("Bearer syt_new");
    take();
    assertThat(take().getPath()).isEqualTo("/_matrix/client/v3/logout/all");
    assertThat(anonymous.isLoggedIn()).isFalse();
  }

  @Test
  void whoamiParsesGuestFlag() {
    server.enqueue(ok("{\"user_id\":\"@guest1:localhost\",\"is_guest\":true}"));

    WhoAmI w = anonymous.whoami();

    assertThat(w.userId()).isEqualTo(UserId.of("@guest1:localhost"));
    assertThat(w.isGuest()).isTrue();
  }

  @Test
  void versionsAndCapabilities() throws Exception {
    server.enqueue(ok("{\"versions\":[\"v1.10\",\"v1.11\"],\"unstable_features\":{\"org.matrix.msc3916\":true}}"));
    server.enqueue(ok("{\"capabilities\":{\"m.room_versions\":{\"default\":\"10\",\"available\":{\"10\":\"stable\","
        + "\"11\":\"stable\"}},\"m.change_password\":{\"enabled\":false}}}"));

    Versions v = anonymous.versions();
    Capabilities c = anonymous.capabilities();

    assertThat(v.supports("v1.11")).isTrue();
    assertThat(v.hasFeature("org.matrix.msc3916")).isTrue();
    assertThat(c.defaultRoomVersion()).isEqualTo("10");
    assertThat(c.availableRoomVersions()).containsExactly("10", "11");
    assertThat(c.canChangePassword()).isFalse();
    assertThat(c.canSetDisplayName()).isTrue();
    assertThat(take().getPath()).isEqualTo("/_matrix/client/versions");
    assertThat(take().getPath()).isEqualTo("/_matrix/client/v3/capabilities");
  }

  @Test
  void discoversBaseUrlFromWellKnown() {
    HttpUrl base = server.url("/matrix/");
    server.enqueue(ok("{\"m.homeserver\":{\"base_url\":\"" + base.toString().replaceAll("/$", "") + "\"}}"));
    server.enqueue(ok("{\"versions\":[\"v1.11\"]}"));

    HttpUrl found = WellKnown.discover(server.url("/"), new OkHttpClient());

    assertThat(found).isEqualTo(base);
  }

  @Test
  void wellKnown404MeansTheServerItself() throws Exception {
    server.enqueue(json(404, "{}"));
    server.enqueue(ok("{\"versions\":[\"v1.11\"]}"));

    HttpUrl found = WellKnown.discover(server.url("/"), new OkHttpClient());

    assertThat(found).isEqualTo(server.url("/"));
    assertThat(take().getPath()).isEqualTo("/.well-known/matrix/client");
    assertThat(take().getPath()).isEqualTo("/_matrix/client/versions");
  }

  @Test
  void wellKnownWithoutBaseUrlIsAnError() {
    server.enqueue(ok("{\"m.identity_server\":{}}"));

    assertThatThrownBy(() -> WellKnown.discover(server.url("/"), new OkHttpClient()))
        .isInstanceOf(MatrixException.class)
        .hasMessageContaining("m.homeserver.base_url is missing");
  }

  @Test
  void wellKnownPointingAtANonHomeserverIsAnError() {
    server.enqueue(ok("{\"m.homeserver\":{\"base_url\":\"" + server.url("/") + "\"}}"));
    server.enqueue(json(404, "not here"));

    assertThatThrownBy(() -> WellKnown.discover(server.url("/"), new OkHttpClient()))
        .isInstanceOf(MatrixException.class)
        .hasMessageContaining("is not a Matrix homeserver");
  }

  @Test
  void builderRejectsABadUrl() {
    assertThatThrownBy(() -> MatrixClient.builder().homeserver("matrix.example.org"))
        .hasMessageContaining("invalid homeserver URL 'matrix.example.org'");
    assertThatThrownBy(() -> MatrixClient.builder().build()).hasMessageContaining("homeserver URL is required");
  }
}

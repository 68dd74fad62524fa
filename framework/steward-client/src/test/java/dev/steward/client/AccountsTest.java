package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.Accounts.TokenPurpose;
import dev.steward.client.model.LoginResponse;
import dev.steward.client.model.ThreePid;
import dev.steward.client.model.ValidationSession;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Accounts against MockWebServer: the exact requests, the user-interactive auth rounds, and refusals. */
class AccountsTest extends MockHomeserver {
  private static final String DUMMY_CHALLENGE =
      "{\"session\":\"S1\",\"flows\":[{\"stages\":[\"m.login.dummy\"]}],\"params\":{}}";
  private static final String PASSWORD_CHALLENGE =
      "{\"session\":\"S2\",\"flows\":[{\"stages\":[\"m.login.password\"]}],\"params\":{}}";

  private final MatrixClient anonymous = MatrixClient.builder().homeserver(server.url("/"))
      .retryPolicy(RetryPolicy.NONE).build();

  /** The next request, sent without an access token. */
  private RecordedRequest takeAnonymous(String method, String path) throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request was sent").isNotNull();
    assertThat(r.getMethod()).isEqualTo(method);
    assertThat(r.getPath()).isEqualTo(path);
    assertThat(r.getHeader("Authorization")).isNull();
    return r;
  }

  @Test
  void registersThroughTheDummyFlowAndLogsInAsTheNewAccount() throws Exception {
    answer(401, DUMMY_CHALLENGE);
    answer("{\"user_id\":\"@alice:localhost\",\"access_token\":\"syt_alice\",\"device_id\":\"ALICEDEV\"}");
    answer("{\"joined_rooms\":[]}");

    LoginResponse r = anonymous.accounts().register(Registration.builder().username("alice").password("pw1")
        .deviceId("ALICEDEV").deviceName("Steward").build());
    anonymous.rooms().joined();

    JsonNode first = body(takeAnonymous("POST", "/_matrix/client/v3/register"));
    assertThat(first).isEqualTo(json("{\"username\":\"alice\",\"password\":\"pw1\",\"device_id\":\"ALICEDEV\","
        + "\"initial_device_display_name\":\"Steward\"}"));
    JsonNode second = body(takeAnonymous("POST", "/_matrix/client/v3/register"));
    assertThat(second.path("auth")).isEqualTo(json("{\"type\":\"m.login.dummy\",\"session\":\"S1\"}"));
    assertThat(second.path("username").asText()).isEqualTo("alice");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeader("Authorization")).isEqualTo("Bearer syt_alice");
    assertThat(r.userId()).isEqualTo(UserId.of("@alice:localhost"));
    assertThat(anonymous.userId()).isEqualTo(UserId.of("@alice:localhost"));
    assertThat(anonymous.deviceId()).isEqualTo("ALICEDEV");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void registersWithARegistrationTokenWhenTheFlowAsksForOne() throws Exception {
    answer(401, "{\"session\":\"S1\",\"flows\":[{\"stages\":[\"m.login.registration_token\"]}],\"params\":{}}");
    answer("{\"user_id\":\"@bob:localhost\",\"access_token\":\"syt_bob\",\"device_id\":\"D\"}");

    anonymous.accounts().register(Registration.builder().username("bob").password("pw")
        .registrationToken("tok-123").build());

    takeAnonymous("POST", "/_matrix/client/v3/register");
    JsonNode second = body(takeAnonymous("POST", "/_matrix/client/v3/register"));
    assertThat(second.path("auth")).isEqualTo(
        json("{\"type\":\"m.login.registration_token\",\"token\":\"tok-123\",\"session\":\"S1\"}"));
  }

  @Test
  void completesATwoStageFlowOneStageAtATime() throws Exception {
    answer(401, "{\"session\":\"S1\",\"flows\":[{\"stages\":[\"m.login.registration_token\",\"m.login.dummy\"]}]}");
    answer(401, "{\"session\":\"S1\",\"completed\":[\"m.login.registration_token\"],"
        + "\"flows\":[{\"stages\":[\"m.login.registration_token\",\"m.login.dummy\"]}]}");
    answer("{\"user_id\":\"@bob:localhost\",\"access_token\":\"syt_bob\",\"device_id\":\"D\"}");

    anonymous.accounts().register(Registration.builder().username("bob").password("pw")
        .registrationToken("tok-123").build());

    takeAnonymous("POST", "/_matrix/client/v3/register");
    assertThat(body(takeAnonymous("POST", "/_matrix/client/v3/register")).path("auth").path("type").asText())
        .isEqualTo("m.login.registration_token");
    assertThat(body(takeAnonymous("POST", "/_matrix/client/v3/register")).path("auth"))
        .isEqualTo(json("{\"type\":\"m.login.dummy\",\"session\":\"S1\"}"));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aRegistrationWithInhibitLoginLeavesTheClientLoggedOut() throws Exception {
    answer(401, DUMMY_CHALLENGE);
    answer("{\"user_id\":\"@carol:localhost\"}");

    LoginResponse r = anonymous.accounts().register(Registration.builder().username("carol").password("pw")
        .inhibitLogin(true).build());

    assertThat(body(takeAnonymous("POST", "/_matrix/client/v3/register")).path("inhibit_login").asBoolean())
        .isTrue();
    assertThat(r.accessToken()).isNull();
    assertThat(anonymous.isLoggedIn()).isFalse();
  }

  @Test
  void aFlowTheClientCannotCompleteListsTheServersFlows() {
    answer(401, "{\"session\":\"S1\",\"flows\":[{\"stages\":[\"m.login.email.identity\"]},"
        + "{\"stages\":[\"m.login.recaptcha\"]}]}");

    assertThatThrownBy(() -> anonymous.accounts().register(Registration.builder().username("d").password("p")
        .build()))
        .isInstanceOfSatisfying(InteractiveAuthException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.session()).isEqualTo("S1");
          assertThat(e.flows()).containsExactly(List.of("m.login.email.identity"), List.of("m.login.recaptcha"));
        })
        .hasMessageContaining("m.login.email.identity").hasMessageContaining("m.login.dummy");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void registersAGuest() throws Exception {
    answer("{\"user_id\":\"@123:localhost\",\"access_token\":\"syt_guest\",\"device_id\":\"G\"}");

    LoginResponse r = anonymous.accounts().registerGuest("visitor");

    RecordedRequest req = takeAnonymous("POST", "/_matrix/client/v3/register?kind=guest");
    assertThat(body(req)).isEqualTo(json("{\"initial_device_display_name\":\"visitor\"}"));
    assertThat(r.userId()).isEqualTo(UserId.of("@123:localhost"));
    assertThat(anonymous.isLoggedIn()).isTrue();
  }

  @Test
  void aServerWithoutGuestAccessRefusesWithItsErrcode() {
    answerError(403, "M_FORBIDDEN");

    assertThatThrownBy(() -> anonymous.accounts().registerGuest(null))
        .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.errcode()).isEqualTo("M_FORBIDDEN"));
    assertThat(anonymous.isLoggedIn()).isFalse();
  }

  @Test
  void checksUsernameAvailability() throws Exception {
    answer("{\"available\":true}");
    answerError(400, "M_USER_IN_USE");
    answerError(400, "M_INVALID_USERNAME");

    assertThat(anonymous.accounts().usernameAvailable("free")).isTrue();
    assertThat(anonymous.accounts().usernameAvailable("taken")).isFalse();
    assertThatThrownBy(() -> anonymous.accounts().usernameAvailable("Bad Name!"))
        .isInstanceOfSatisfying(MatrixException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.M_INVALID_USERNAME));

    takeAnonymous("GET", "/_matrix/client/v3/register/available?username=free");
    takeAnonymous("GET", "/_matrix/client/v3/register/available?username=taken");
    takeAnonymous("GET", "/_matrix/client/v3/register/available?username=Bad%20Name%21");
  }

  @Test
  void checksARegistrationToken() throws Exception {
    answer("{\"valid\":false}");

    assertThat(anonymous.accounts().registrationTokenValid("tok 1")).isFalse();

    takeAnonymous("GET", "/_matrix/client/v1/register/m.login.registration_token/validity?token=tok%201");
  }

  @Test
  void listsLoginTypes() throws Exception {
    answer("{\"flows\":[{\"type\":\"m.login.password\"},{\"type\":\"m.login.token\"},{\"nope\":1}]}");

    assertThat(anonymous.accounts().loginTypes()).containsExactly("m.login.password", "m.login.token");

    takeAnonymous("GET", "/_matrix/client/v3/login");
  }

  @Test
  void tokenLoginSendsDeviceIdAndDisplayName() throws Exception {
    answer("{\"user_id\":\"@bot:localhost\",\"access_token\":\"syt_t\",\"device_id\":\"KEEP\"}");

    anonymous.loginWithToken("login-tok", "KEEP", "Steward bot");

    assertThat(body(takeAnonymous("POST", "/_matrix/client/v3/login"))).isEqualTo(json("{\"type\":\"m.login.token\","
        + "\"token\":\"login-tok\",\"device_id\":\"KEEP\",\"initial_device_display_name\":\"Steward bot\"}"));
    assertThat(anonymous.deviceId()).isEqualTo("KEEP");
  }

  @Test
  void changesThePasswordAuthenticatingWithTheCurrentOne() {
    answer(401, PASSWORD_CHALLENGE);
    answerEmpty();

    client.accounts().changePassword("old-pw", "new-pw", true);

    JsonNode first = body(take("POST", "/_matrix/client/v3/account/password"));
    assertThat(first).isEqualTo(json("{\"new_password\":\"new-pw\",\"logout_devices\":true}"));
    JsonNode second = body(take("POST", "/_matrix/client/v3/account/password"));
    assertThat(second.path("auth")).isEqualTo(json("{\"identifier\":{\"type\":\"m.id.user\","
        + "\"user\":\"@bot:localhost\"},"
        + "\"password\":\"old-pw\",\"type\":\"m.login.password\",\"session\":\"S2\"}"));
    assertThat(second.path("new_password").asText()).isEqualTo("new-pw");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aWrongCurrentPasswordSurfacesForbiddenWithoutAThirdTry() {
    answer(401, PASSWORD_CHALLENGE);
    answer(401, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"Invalid password\",\"session\":\"S2\","
        + "\"flows\":[{\"stages\":[\"m.login.password\"]}]}");

    assertThatThrownBy(() -> client.accounts().changePassword("wrong", "new-pw", false))
        .isInstanceOfSatisfying(InteractiveAuthException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
          assertThat(e.error()).isEqualTo("Invalid password");
        })
        .hasMessageNotContaining("wrong");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void resetsAPasswordWithAValidatedEmail() throws Exception {
    answer(401, "{\"session\":\"S3\",\"flows\":[{\"stages\":[\"m.login.email.identity\"]}]}");
    answerEmpty();

    anonymous.accounts().resetPassword(new ValidationSession("email", "sid-1", null), "secret.1", "new-pw", false);

    takeAnonymous("POST", "/_matrix/client/v3/account/password");
    JsonNode second = body(takeAnonymous("POST", "/_matrix/client/v3/account/password"));
    assertThat(second.path("auth")).isEqualTo(json("{\"threepid_creds\":{\"sid\":\"sid-1\",\"client_secret\":"
        + "\"secret.1\"},\"type\":\"m.login.email.identity\",\"session\":\"S3\"}"));
  }

  @Test
  void deactivatesWithPasswordAuthAndDropsTheToken() {
    answer(401, PASSWORD_CHALLENGE);
    answer("{\"id_server_unbind_result\":\"no-support\"}");

    boolean unbound = client.accounts().deactivate("pw", true);

    assertThat(body(take("POST", "/_matrix/client/v3/account/deactivate"))).isEqualTo(json("{\"erase\":true}"));
    JsonNode second = body(take("POST", "/_matrix/client/v3/account/deactivate"));
    assertThat(second.path("auth").path("type").asText()).isEqualTo("m.login.password");
    assertThat(second.path("auth").path("session").asText()).isEqualTo("S2");
    assertThat(unbound).isFalse();
    assertThat(client.isLoggedIn()).isFalse();
  }

  @Test
  void listsThreePids() {
    answer("{\"threepids\":[{\"medium\":\"email\",\"address\":\"a@example.org\",\"validated_at\":1700000000000,"
        + "\"added_at\":1700000001000},{\"medium\":\"msisdn\",\"address\":\"447700900001\"}]}");

    List<ThreePid> ids = client.accounts().threePids();

    take("GET", "/_matrix/client/v3/account/3pid");
    assertThat(ids).containsExactly(
        new ThreePid("email", "a@example.org", Instant.ofEpochMilli(1700000000000L),
            Instant.ofEpochMilli(1700000001000L)),
        new ThreePid("msisdn", "447700900001", null, null));
  }

  @Test
  void addsAValidatedThreePidWithPasswordAuth() {
    answer(401, PASSWORD_CHALLENGE);
    answerEmpty();

    client.accounts().addThreePid(new ValidationSession("email", "sid-9", null), "cs", "pw");

    assertThat(body(take("POST", "/_matrix/client/v3/account/3pid/add")))
        .isEqualTo(json("{\"client_secret\":\"cs\",\"sid\":\"sid-9\"}"));
    JsonNode second = body(take("POST", "/_matrix/client/v3/account/3pid/add"));
    assertThat(second.path("auth").path("password").asText()).isEqualTo("pw");
    assertThat(second.path("sid").asText()).isEqualTo("sid-9");
  }

  @Test
  void bindsDeletesAndUnbindsThreePids() {
    answerEmpty();
    answer("{\"id_server_unbind_result\":\"success\"}");
    answer("{\"id_server_unbind_result\":\"no-support\"}");

    client.accounts().bindThreePid("sid-2", "cs", "id.example.org", "id-token");
    boolean deleted = client.accounts().deleteThreePid("email", "a@example.org", null);
    boolean unbound = client.accounts().unbindThreePid("msisdn", "447700900001", "id.example.org");

    assertThat(body(take("POST", "/_matrix/client/v3/account/3pid/bind"))).isEqualTo(json("{\"client_secret\":\"cs\","
        + "\"id_server\":\"id.example.org\",\"id_access_token\":\"id-token\",\"sid\":\"sid-2\"}"));
    assertThat(body(take("POST", "/_matrix/client/v3/account/3pid/delete")))
        .isEqualTo(json("{\"medium\":\"email\",\"address\":\"a@example.org\"}"));
    assertThat(body(take("POST", "/_matrix/client/v3/account/3pid/unbind"))).isEqualTo(
        json("{\"medium\":\"msisdn\",\"address\":\"447700900001\",\"id_server\":\"id.example.org\"}"));
    assertThat(deleted).isTrue();
    assertThat(unbound).isFalse();
  }

  @Test
  void requestsEmailTokensForEachPurposeAtItsEndpoint() throws Exception {
    answer("{\"sid\":\"s-reg\"}");
    answer("{\"sid\":\"s-pw\",\"submit_url\":\"https://hs/submit\"}");
    answer("{\"sid\":\"s-add\"}");

    ValidationSession reg = client.accounts().requestEmailToken(TokenPurpose.REGISTRATION, "cs", "a@example.org", 1,
        "https://app/next");
    ValidationSession pw = client.accounts().requestEmailToken(TokenPurpose.PASSWORD_RESET, "cs", "a@example.org", 2,
        null);
    ValidationSession add = client.accounts().requestEmailToken(TokenPurpose.ADD_THREEPID, "cs", "a@example.org", 1,
        null);

    RecordedRequest r1 = takeAnonymous("POST", "/_matrix/client/v3/register/email/requestToken");
    assertThat(body(r1)).isEqualTo(json("{\"client_secret\":\"cs\",\"send_attempt\":1,"
        + "\"next_link\":\"https://app/next\",\"email\":\"a@example.org\"}"));
    assertThat(body(takeAnonymous("POST", "/_matrix/client/v3/account/password/email/requestToken")))
        .isEqualTo(json("{\"client_secret\":\"cs\",\"send_attempt\":2,\"email\":\"a@example.org\"}"));
    take("POST", "/_matrix/client/v3/account/3pid/email/requestToken");
    assertThat(reg).isEqualTo(new ValidationSession("email", "s-reg", null));
    assertThat(pw.submitUrl()).isEqualTo("https://hs/submit");
    assertThat(add.sid()).isEqualTo("s-add");
  }

  @Test
  void requestsMsisdnTokensForEachPurposeAtItsEndpoint() throws Exception {
    answer("{\"sid\":\"m1\"}");
    answer("{\"sid\":\"m2\"}");
    answer("{\"sid\":\"m3\"}");

    client.accounts().requestMsisdnToken(TokenPurpose.REGISTRATION, "cs", "GB", "07700900001", 1, null);
    client.accounts().requestMsisdnToken(TokenPurpose.PASSWORD_RESET, "cs", "GB", "07700900001", 1, null);
    ValidationSession add = client.accounts().requestMsisdnToken(TokenPurpose.ADD_THREEPID, "cs", "GB",
        "07700900001", 3, null);

    assertThat(body(takeAnonymous("POST", "/_matrix/client/v3/register/msisdn/requestToken"))).isEqualTo(
        json("{\"client_secret\":\"cs\",\"send_attempt\":1,\"country\":\"GB\",\"phone_number\":\"07700900001\"}"));
    takeAnonymous("POST", "/_matrix/client/v3/account/password/msisdn/requestToken");
    assertThat(body(take("POST", "/_matrix/client/v3/account/3pid/msisdn/requestToken")).path("send_attempt").asInt())
        .isEqualTo(3);
    assertThat(add).isEqualTo(new ValidationSession("msisdn", "m3", null));
  }

  @Test
  void aServerThatCannotSendMailRefusesWithItsErrcode() {
    answer(400, "{\"errcode\":\"M_THREEPID_AUTH_FAILED\",\"error\":\"Email-based registration is not enabled\"}");

    assertThatThrownBy(() -> client.accounts().requestEmailToken(TokenPurpose.REGISTRATION, "cs", "a@example.org",
        1, null))
        .isInstanceOfSatisfying(MatrixException.class, e -> {
          assertThat(e.errcode()).isEqualTo("M_THREEPID_AUTH_FAILED");
          assertThat(e.status()).isEqualTo(400);
        });
  }

  @Test
  void refusesABadClientSecretBeforeAsking() {
    assertThatThrownBy(() -> client.accounts().requestEmailToken(TokenPurpose.ADD_THREEPID, "no spaces", "a@b.c", 1,
        null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientSecret");
    assertThat(Accounts.newClientSecret()).matches("[0-9a-zA-Z.=_-]{1,255}");
    assertThat(server.getRequestCount()).isZero();
  }
}

package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import dev.steward.client.model.LoginResponse;
import dev.steward.client.model.ThreePid;
import dev.steward.client.model.ValidationSession;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Accounts and sessions: registration (also as a guest), username availability, login types, password change and
 * reset, deactivation, and the account's third-party identifiers (e-mail addresses, phone numbers) with their
 * validation tokens. Calls that need user-interactive auth complete it themselves (see each method).
 */
public final class Accounts {
  private static final Pattern CLIENT_SECRET = Pattern.compile("[0-9a-zA-Z.=_-]{1,255}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a validation token is requested for; each has its own endpoint. */
  public enum TokenPurpose {
    /** Registering a new account with this address ({@code /register/…/requestToken}; no login needed). */
    REGISTRATION("register"),
    /** Resetting a forgotten password ({@code /account/password/…/requestToken}; no login needed). */
    PASSWORD_RESET("account", "password"),
    /** Adding the address to the logged-in account ({@code /account/3pid/…/requestToken}). */
    ADD_THREEPID("account", "3pid");

    private final String[] path;

    TokenPurpose(String... path) {
      this.path = path;
    }
  }

  private final MatrixClient client;
  private final Http http;

  Accounts(MatrixClient client, Http http) {
    this.client = client;
    this.http = http;
  }

  // ---- before logging in ----

  /** The login types the server accepts ({@code m.login.password}, {@code m.login.token}, …). Needs no login. */
  public List<String> loginTypes() {
    JsonNode r = http.anonymous("GET", http.v3(null, "login"), null, CallOptions.SAFE, JsonNode.class);
    List<String> out = new ArrayList<>();
    r.path("flows").forEach(f -> {
      if (f.path("type").isTextual()) {
        out.add(f.get("type").asText());
      }
    });
    return out;
  }

  /**
   * Whether {@code username} (a localpart) is free to register. False when it is taken ({@code M_USER_IN_USE});
   * a name the server refuses for other reasons ({@code M_INVALID_USERNAME}, {@code M_EXCLUSIVE}) throws.
   * Needs no login.
   */
  public boolean usernameAvailable(String username) {
    Objects.requireNonNull(username, "username");
    try {
      JsonNode r = http.anonymous("GET", http.v3(Map.of("username", username), "register", "available"), null,
          CallOptions.SAFE, JsonNode.class);
      return r.path("available").asBoolean(false);
    } catch (MatrixException e) {
      if (e.code() == ErrorCode.M_USER_IN_USE) {
        return false;
      }
      throw e;
    }
  }

  /** Whether {@code token} is a registration token the server would accept now. Needs no login. */
  public boolean registrationTokenValid(String token) {
    Objects.requireNonNull(token, "token");
    HttpUrl url = http.url("_matrix", "client", "v1", "register", "m.login.registration_token", "validity")
        .newBuilder().addQueryParameter("token", token).build();
    return http.anonymous("GET", url, null, CallOptions.SAFE, JsonNode.class).path("valid").asBoolean(false);
  }

  /**
   * Registers an account, completing the server's auth flow with {@code m.login.dummy} and, when the registration
   * has one, {@code m.login.registration_token}. Unless {@link Registration#inhibitLogin()}, this client is logged in
   * as the new account from now on. A flow needing anything else (e-mail, captcha, terms) throws
   * {@link InteractiveAuthException} listing the server's flows.
   */
  public LoginResponse register(Registration registration) {
    Objects.requireNonNull(registration, "registration");
    ObjectNode body = Json.mapper().createObjectNode();
    putIfSet(body, "username", registration.username());
    putIfSet(body, "password", registration.password());
    putIfSet(body, "device_id", registration.deviceId());
    putIfSet(body, "initial_device_display_name", registration.deviceName());
    if (registration.inhibitLogin()) {
      body.put("inhibit_login", true);
    }
    InteractiveAuth uia = InteractiveAuth.anonymous(http).answer("m.login.dummy", Json.mapper()::createObjectNode);
    if (registration.registrationToken() != null) {
      uia.answer("m.login.registration_token",
          () -> Json.mapper().createObjectNode().put("token", registration.registrationToken()));
    }
    JsonNode r = uia.post(http.v3(null, "register"), body);
    return adopt(r, !registration.inhibitLogin(), "POST /_matrix/client/v3/register");
  }

  /**
   * Registers a guest account and logs this client in as it. Guests may only do what the server allows guests;
   * a server with guest access off answers {@code M_FORBIDDEN} (Synapse: {@code M_UNKNOWN}).
   */
  public LoginResponse registerGuest(String deviceName) {
    ObjectNode body = Json.mapper().createObjectNode();
    putIfSet(body, "initial_device_display_name", deviceName);
    JsonNode r = http.anonymous("POST", http.v3(Map.of("kind", "guest"), "register"), body, CallOptions.UNSAFE,
        JsonNode.class);
    return adopt(r, true, "POST /_matrix/client/v3/register?kind=guest");
  }

  private LoginResponse adopt(JsonNode r, boolean login, String call) {
    if (!r.path("user_id").isTextual()) {
      throw new MatrixException(call, "response lacks user_id", null);
    }
    LoginResponse response = new LoginResponse(UserId.of(r.get("user_id").asText()),
        r.path("access_token").asText(null), r.path("device_id").asText(null));
    if (login) {
      if (response.accessToken() == null) {
        throw new MatrixException(call, "response lacks access_token", null);
      }
      client.adopt(response);
    }
    return response;
  }

  // ---- passwords and deactivation ----

  /**
   * Changes the logged-in account's password, authenticating with the current one ({@code m.login.password}).
   * With {@code logoutDevices} every other session is logged out; this one stays. A wrong current password
   * throws {@link InteractiveAuthException} with {@code M_FORBIDDEN}.
   */
  public void changePassword(String currentPassword, String newPassword, boolean logoutDevices) {
    Objects.requireNonNull(currentPassword, "currentPassword");
    Objects.requireNonNull(newPassword, "newPassword");
    ObjectNode body = Json.mapper().createObjectNode().put("new_password", newPassword)
        .put("logout_devices", logoutDevices);
    byPassword(currentPassword).post(http.v3(null, "account", "password"), body);
  }

  /**
   * Resets a forgotten password, proving control of an address validated through
   * {@link #requestEmailToken}/{@link #requestMsisdnToken} with {@link TokenPurpose#PASSWORD_RESET}. Needs no login.
   */
  public void resetPassword(ValidationSession validated, String clientSecret, String newPassword,
                            boolean logoutDevices) {
    Objects.requireNonNull(validated, "validated");
    Objects.requireNonNull(newPassword, "newPassword");
    String secret = checkedSecret(clientSecret);
    String stage = validated.medium().equals("msisdn") ? "m.login.msisdn" : "m.login.email.identity";
    ObjectNode body = Json.mapper().createObjectNode().put("new_password", newPassword)
        .put("logout_devices", logoutDevices);
    InteractiveAuth.anonymous(http).answer(stage, () -> {
      ObjectNode auth = Json.mapper().createObjectNode();
      auth.putObject("threepid_creds").put("sid", validated.sid()).put("client_secret", secret);
      return auth;
    }).post(http.v3(null, "account", "password"), body);
  }

  /**
   * Deactivates the logged-in account for good, authenticating with its password; with {@code erase} the server
   * also forgets the account's messages for future viewers. This client is logged out afterwards. Returns whether
   * the identity servers unbound the account's addresses (Synapse says yes when there were none).
   */
  public boolean deactivate(String password, boolean erase) {
    Objects.requireNonNull(password, "password");
    ObjectNode body = Json.mapper().createObjectNode().put("erase", erase);
    JsonNode r = byPassword(password).post(http.v3(null, "account", "deactivate"), body);
    http.setAccessToken(null);
    return "success".equals(r.path("id_server_unbind_result").asText(null));
  }

  private InteractiveAuth byPassword(String password) {
    UserId me = client.knowsUserId() ? client.userId() : client.whoami().userId();
    return InteractiveAuth.authenticated(http).answer("m.login.password", () -> {
      ObjectNode auth = Json.mapper().createObjectNode();
      auth.putObject("identifier").put("type", "m.id.user").put("user", me.value());
      auth.put("password", password);
      return auth;
    });
  }

  // ---- third-party identifiers ----

  /** The e-mail addresses and phone numbers the homeserver has on the logged-in account. */
  public List<ThreePid> threePids() {
    JsonNode r = http.json("GET", http.v3(null, "account", "3pid"), null, CallOptions.SAFE, JsonNode.class);
    List<ThreePid> out = new ArrayList<>();
    for (JsonNode t : r.path("threepids")) {
      if (t.path("medium").isTextual() && t.path("address").isTextual()) {
        out.add(new ThreePid(t.get("medium").asText(), t.get("address").asText(), instant(t.path("validated_at")),
            instant(t.path("added_at"))));
      }
    }
    return out;
  }

  /**
   * Adds an address the user validated (after {@link TokenPurpose#ADD_THREEPID}) to the account, authenticating
   * with the account's password.
   */
  public void addThreePid(ValidationSession validated, String clientSecret, String password) {
    Objects.requireNonNull(validated, "validated");
    Objects.requireNonNull(password, "password");
    ObjectNode body = Json.mapper().createObjectNode().put("client_secret", checkedSecret(clientSecret))
        .put("sid", validated.sid());
    byPassword(password).post(http.v3(null, "account", "3pid", "add"), body);
  }

  /**
   * Binds an address validated with an identity server to the account there, so others can find the user by it.
   * {@code sid} is the identity server's session id and {@code idAccessToken} the account's token on that server.
   */
  public void bindThreePid(String sid, String clientSecret, String idServer, String idAccessToken) {
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(idServer, "idServer");
    Objects.requireNonNull(idAccessToken, "idAccessToken");
    ObjectNode body = Json.mapper().createObjectNode().put("client_secret", checkedSecret(clientSecret))
        .put("id_server", idServer).put("id_access_token", idAccessToken).put("sid", sid);
    http.json("POST", http.v3(null, "account", "3pid", "bind"), body, CallOptions.UNSAFE, Void.class);
  }

  /**
   * Removes an address from the account (and unbinds it from {@code idServer}, or from the server it was bound
   * through when null). Returns whether the identity server unbound it too.
   */
  public boolean deleteThreePid(String medium, String address, String idServer) {
    return threePidCall("delete", medium, address, idServer);
  }

  /**
   * Unbinds an address from {@code idServer} (or the server it was bound through when null), keeping it on the
   * account. Returns whether the identity server unbound it.
   */
  public boolean unbindThreePid(String medium, String address, String idServer) {
    return threePidCall("unbind", medium, address, idServer);
  }

  private boolean threePidCall(String action, String medium, String address, String idServer) {
    Objects.requireNonNull(medium, "medium");
    Objects.requireNonNull(address, "address");
    ObjectNode body = Json.mapper().createObjectNode().put("medium", medium).put("address", address);
    putIfSet(body, "id_server", idServer);
    JsonNode r = http.json("POST", http.v3(null, "account", "3pid", action), body, CallOptions.SAFE,
        JsonNode.class);
    return "success".equals(r.path("id_server_unbind_result").asText(null));
  }

  /**
   * Asks the homeserver to send a validation token to {@code email}. {@code sendAttempt} starts at 1; the server
   * sends again only when it grows. A refusal carries its errcode: {@code M_THREEPID_IN_USE} for an address already
   * taken, and a Synapse without mail configured answers 400 {@code M_UNKNOWN} ("… has been disabled").
   */
  public ValidationSession requestEmailToken(TokenPurpose purpose, String clientSecret, String email,
                                             int sendAttempt, String nextLink) {
    Objects.requireNonNull(email, "email");
    ObjectNode body = tokenBody(clientSecret, sendAttempt, nextLink).put("email", email);
    return requestToken(purpose, "email", body);
  }

  /**
   * Asks the homeserver to text a validation token to {@code phone} in {@code country} (two-letter ISO code).
   * See {@link #requestEmailToken} for {@code sendAttempt}.
   */
  public ValidationSession requestMsisdnToken(TokenPurpose purpose, String clientSecret, String country,
                                              String phone, int sendAttempt, String nextLink) {
    Objects.requireNonNull(country, "country");
    Objects.requireNonNull(phone, "phone");
    ObjectNode body = tokenBody(clientSecret, sendAttempt, nextLink).put("country", country)
        .put("phone_number", phone);
    return requestToken(purpose, "msisdn", body);
  }

  /** A fresh random client secret for a validation session. */
  public static String newClientSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static ObjectNode tokenBody(String clientSecret, int sendAttempt, String nextLink) {
    if (sendAttempt < 1) {
      throw new IllegalArgumentException("sendAttempt must be 1 or more, got " + sendAttempt);
    }
    ObjectNode body = Json.mapper().createObjectNode().put("client_secret", checkedSecret(clientSecret))
        .put("send_attempt", sendAttempt);
    putIfSet(body, "next_link", nextLink);
    return body;
  }

  private ValidationSession requestToken(TokenPurpose purpose, String medium, ObjectNode body) {
    Objects.requireNonNull(purpose, "purpose");
    List<String> segments = new ArrayList<>(List.of(purpose.path));
    segments.add(medium);
    segments.add("requestToken");
    HttpUrl url = http.v3(null, segments.toArray(String[]::new));
    // Registration and password reset happen without a session; adding an address needs the account's token.
    JsonNode r = purpose == TokenPurpose.ADD_THREEPID
        ? http.json("POST", url, body, CallOptions.SAFE, JsonNode.class)
        : http.anonymous("POST", url, body, CallOptions.SAFE, JsonNode.class);
    if (!r.path("sid").isTextual()) {
      throw new MatrixException("POST " + url.encodedPath(), "response lacks sid", null);
    }
    return new ValidationSession(medium, r.get("sid").asText(), r.path("submit_url").asText(null));
  }

  private static String checkedSecret(String clientSecret) {
    Objects.requireNonNull(clientSecret, "clientSecret");
    if (!CLIENT_SECRET.matcher(clientSecret).matches()) {
      throw new IllegalArgumentException("clientSecret must be 1 to 255 of [0-9a-zA-Z.=_-]; see newClientSecret()");
    }
    return clientSecret;
  }

  private static Instant instant(JsonNode millis) {
    return millis.isNumber() ? Instant.ofEpochMilli(millis.asLong()) : null;
  }

  private static void putIfSet(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }
}

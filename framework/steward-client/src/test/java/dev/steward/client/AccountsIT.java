package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.Accounts.TokenPurpose;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.model.LoginResponse;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Accounts and sessions against the real Synapse: what it completes, and how it refuses what it cannot. */
class AccountsIT {
  private final TestHomeserver hs = TestHomeserver.get();

  private MatrixClient anonymous() {
    return MatrixClient.builder().homeserver(hs.url()).build();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void registersThroughTheDummyFlowAndTheNameIsTakenAfter() {
    MatrixClient client = anonymous();
    String name = unique("reg");
    assertThat(client.accounts().usernameAvailable(name)).isTrue();
    assertThat(client.accounts().loginTypes()).contains("m.login.password");

    LoginResponse r = client.accounts().register(Registration.builder().username(name).password("pw-" + name)
        .deviceName("steward-it").build());

    assertThat(client.whoami().userId()).isEqualTo(r.userId());
    assertThat(r.userId().value()).startsWith("@" + name + ":");
    assertThat(client.accounts().usernameAvailable(name)).isFalse();
    MatrixException invalid = catchThrowableOfType(MatrixException.class,
        () -> client.accounts().usernameAvailable("Not Valid!"));
    assertThat(invalid.code()).isEqualTo(ErrorCode.M_INVALID_USERNAME);
  }

  @Test
  void logoutAllEndsEverySession() {
    TestUser user = hs.newUser("logoutall");
    MatrixClient first = hs.client(user);
    MatrixClient second = anonymous();
    second.login(user.localpart(), user.password());
    assertThat(second.whoami().userId()).isEqualTo(user.userId());

    first.logoutAll();

    MatrixClient firstToken = hs.client(user);
    assertThat(catchThrowableOfType(MatrixException.class, firstToken::whoami).isUnknownToken()).isTrue();
    assertThat(catchThrowableOfType(MatrixException.class, second::whoami).isUnknownToken()).isTrue();
    assertThat(first.isLoggedIn()).isFalse();
  }

  @Test
  void changesThePasswordSoOnlyTheNewOneLogsIn() {
    TestUser user = hs.newUser("passwd");
    MatrixClient client = hs.client(user);

    InteractiveAuthException wrong = catchThrowableOfType(InteractiveAuthException.class,
        () -> client.accounts().changePassword("not-the-password", "new-pw-1", false));
    assertThat(wrong.code()).isEqualTo(ErrorCode.M_FORBIDDEN);

    client.accounts().changePassword(user.password(), "new-pw-1", false);

    assertThat(anonymous().login(user.localpart(), "new-pw-1").userId()).isEqualTo(user.userId());
    MatrixException old = catchThrowableOfType(MatrixException.class,
        () -> anonymous().login(user.localpart(), user.password()));
    assertThat(old.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    assertThat(client.whoami().userId()).as("this session survives").isEqualTo(user.userId());
  }

  @Test
  void aDeactivatedAccountCannotLogIn() {
    TestUser user = hs.newUser("deact");
    MatrixClient client = hs.client(user);

    client.accounts().deactivate(user.password(), false);

    assertThat(client.isLoggedIn()).isFalse();
    MatrixException refused = catchThrowableOfType(MatrixException.class,
        () -> anonymous().login(user.localpart(), user.password()));
    // Synapse drops a deactivated account's password, so the login fails as a wrong password would.
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    assertThat(catchThrowableOfType(MatrixException.class, hs.client(user)::whoami).isUnknownToken()).isTrue();
  }

  @Test
  void listsNoThreePidsForAFreshAccountAndRefusesMailItCannotSend() {
    MatrixClient client = hs.client(hs.newUser("threepid"));
    String secret = Accounts.newClientSecret();

    assertThat(client.accounts().threePids()).isEmpty();

    // The dev Synapse has neither mail nor an identity server: each request is refused with its errcode.
    for (TokenPurpose purpose : TokenPurpose.values()) {
      MatrixException e = catchThrowableOfType(MatrixException.class,
          () -> client.accounts().requestEmailToken(purpose, secret, "nobody@example.org", 1, null));
      assertThat(e.errcode()).as(purpose + " by e-mail").isNotNull();
      assertThat(e.status()).as(purpose + " by e-mail").isBetween(400, 499);
    }
    MatrixException sms = catchThrowableOfType(MatrixException.class,
        () -> client.accounts().requestMsisdnToken(TokenPurpose.REGISTRATION, secret, "GB", "07700900001", 1, null));
    assertThat(sms.errcode()).isNotNull();
    MatrixException guest = catchThrowableOfType(MatrixException.class, () -> anonymous().accounts()
        .registerGuest("it"));
    assertThat(guest.status()).isEqualTo(403);
    assertThat(guest.errcode()).isNotNull();
  }

  @Test
  void knowsARegistrationTokenAnAdminCreated() {
    MatrixClient admin = hs.client(hs.newAdmin("tokens"));
    JsonNode created = admin.http().json("POST", admin.http().url("_synapse", "admin", "v1", "registration_tokens",
        "new"), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("uses_allowed", 1),
        CallOptions.UNSAFE, JsonNode.class);
    String token = created.path("token").asText();

    assertThat(anonymous().accounts().registrationTokenValid(token)).isTrue();
    assertThat(anonymous().accounts().registrationTokenValid(token + "-not")).isFalse();
  }
}

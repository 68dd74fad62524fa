package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.crypto.CrossSigningIdentity;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.crypto.InMemoryCryptoStore;
import dev.steward.client.crypto.OlmAccount;
import dev.steward.client.crypto.SignedJson;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Json;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cross-signing on real Synapse: the bot bootstraps, and another user sees its keys and its device signed. */
class CrossSigningIT {
  private final TestHomeserver hs = TestHomeserver.get();

  @Test
  void anotherUserSeesTheBotsMasterKeyItsSignedSubKeyAndTheSignedDeviceAndASecondBootstrapChangesNothing() {
    TestUser botUser = hs.newUser("xsbot");
    TestUser other = hs.newUser("xsother");
    try (MatrixClient bot = hs.client(botUser); MatrixClient viewer = hs.client(other)) {
      OlmAccount account = deviceKeysUploaded(bot);
      CryptoStore store = new InMemoryCryptoStore();
      CrossSigning crossSigning = CrossSigning.of(bot, account, store);

      CrossSigning.Result created = crossSigning.bootstrap(botUser.password());

      assertThat(created.outcome()).isEqualTo(CrossSigning.Outcome.CREATED);
      String user = botUser.userId().value();
      JsonNode seen = query(viewer, botUser.userId());
      JsonNode master = seen.path("master_keys").path(user);
      String masterKey = created.identity().masterKey();
      assertThat(master.path("keys").path("ed25519:" + masterKey).asText()).isEqualTo(masterKey);
      JsonNode selfSigning = seen.path("self_signing_keys").path(user);
      String selfSigningKey = created.identity().selfSigningKey();
      assertThat(selfSigning.path("keys").path("ed25519:" + selfSigningKey).asText()).isEqualTo(selfSigningKey);
      SignedJson.verify(selfSigning, user, "ed25519:" + masterKey, masterKey);
      JsonNode device = seen.path("device_keys").path(user).path(botUser.deviceId());
      SignedJson.verify(device, user, "ed25519:" + selfSigningKey, selfSigningKey);
      SignedJson.verify(device, user, "ed25519:" + botUser.deviceId(), account.ed25519Key());
      assertThat(seen.path("user_signing_keys").has(user)).as("the user-signing key is only the bot's to see")
          .isFalse();

      CrossSigningIdentity identity = CrossSigning.identity(viewer, botUser.userId()).orElseThrow();
      assertThat(identity).isEqualTo(new CrossSigningIdentity(user, masterKey, selfSigningKey, null));
      DeviceKeys botDevice = viewer.keys(OlmAccount.create()).query(List.of(botUser.userId())).devices()
          .get(botUser.userId()).get(botUser.deviceId());
      assertThat(identity.isCrossSigned(botDevice)).isTrue();

      Map<String, String> storedBefore = store.scan(CrossSigning.STORE_KIND, "");
      CrossSigning.Result again = crossSigning.bootstrap(botUser.password());
      assertThat(again.outcome()).isEqualTo(CrossSigning.Outcome.UNCHANGED);
      assertThat(again.identity()).isEqualTo(created.identity());
      assertThat(store.scan(CrossSigning.STORE_KIND, "")).hasSize(3).isEqualTo(storedBefore);
      assertThat(CrossSigning.identity(viewer, botUser.userId())).contains(identity);
    }
  }

  @Test
  void keysSetUpElsewhereAreReplacedOnlyWhenAskedAndWithTheRightPassword() {
    TestUser botUser = hs.newUser("xsrepl");
    TestUser other = hs.newUser("xsview");
    try (MatrixClient bot = hs.client(botUser); MatrixClient viewer = hs.client(other)) {
      OlmAccount account = deviceKeysUploaded(bot);
      String first = CrossSigning.of(bot, account, new InMemoryCryptoStore()).bootstrap(botUser.password())
          .identity().masterKey();
      CrossSigning fresh = CrossSigning.of(bot, account, new InMemoryCryptoStore());

      assertThatThrownBy(() -> fresh.bootstrap(botUser.password()))
          .isInstanceOfSatisfying(CrossSigningConflictException.class,
              e -> assertThat(e.serverMasterKey()).isEqualTo(first));
      assertThatThrownBy(() -> fresh.bootstrap("not-the-password", true))
          .isInstanceOfSatisfying(InteractiveAuthException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN));
      assertThat(CrossSigning.identity(viewer, botUser.userId()).orElseThrow().masterKey()).isEqualTo(first);

      CrossSigning.Result replaced = fresh.bootstrap(botUser.password(), true);

      assertThat(replaced.outcome()).isEqualTo(CrossSigning.Outcome.REPLACED);
      CrossSigningIdentity seen = CrossSigning.identity(viewer, botUser.userId()).orElseThrow();
      assertThat(seen.masterKey()).isEqualTo(replaced.identity().masterKey()).isNotEqualTo(first);
      DeviceKeys botDevice = viewer.keys(OlmAccount.create()).query(List.of(botUser.userId())).devices()
          .get(botUser.userId()).get(botUser.deviceId());
      assertThat(seen.isCrossSigned(botDevice)).isTrue();
    }
  }

  /** A new Olm account for the client's device, its keys published (cross-signing signs what the server has). */
  private static OlmAccount deviceKeysUploaded(MatrixClient client) {
    OlmAccount account = OlmAccount.create();
    client.keys(account).uploadDeviceKeys();
    return account;
  }

  /** The raw {@code /keys/query} answer, as another client reads it. */
  private static JsonNode query(MatrixClient client, UserId user) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.putObject("device_keys").putArray(user.value());
    return client.http().json("POST", client.http().v3(null, "keys", "query"), body, CallOptions.SAFE,
        JsonNode.class);
  }
}

package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.crypto.OlmAccount;
import dev.steward.client.crypto.SignedJson;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Device keys on real Synapse: A uploads, B queries A's device and claims one of its one-time keys. */
class KeysIT {
  private final TestHomeserver hs = TestHomeserver.get();

  @Test
  void uploadedKeysAreQueriedVerifiedAndClaimedByAnotherUser() {
    TestUser aUser = hs.newUser("keysa");
    TestUser bUser = hs.newUser("keysb");
    try (MatrixClient a = hs.client(aUser); MatrixClient b = hs.client(bUser)) {
      OlmAccount aAccount = OlmAccount.create();
      Map<String, Integer> counts = a.keys(aAccount).uploadDeviceKeys();
      assertThat(counts).containsEntry("signed_curve25519", Keys.TARGET_ONE_TIME_KEYS);
      JsonNode firstSync = sync(a, null);
      assertThat(oneTimeKeyCount(firstSync)).isEqualTo(Keys.TARGET_ONE_TIME_KEYS);

      Keys bKeys = b.keys(OlmAccount.create());
      Keys.KeyQuery query = bKeys.query(List.of(aUser.userId()));
      assertThat(query.refused()).isEmpty();
      DeviceKeys aDevice = query.devices().get(aUser.userId()).get(aUser.deviceId());
      assertThat(aDevice).as("A's device in B's query").isNotNull();
      assertThat(aDevice.ed25519Key()).isEqualTo(aAccount.ed25519Key());
      assertThat(aDevice.curve25519Key()).isEqualTo(aAccount.curve25519Key());
      SignedJson.verify(aDevice.json(), aUser.userId().value(), "ed25519:" + aUser.deviceId(),
          aAccount.ed25519Key());

      Keys.KeyClaim claim = bKeys.claim(List.of(aDevice));
      assertThat(claim.refused()).isEmpty();
      assertThat(claim.keys()).singleElement().satisfies(k -> {
        assertThat(k.fallback()).isFalse();
        assertThat(k.keyId()).startsWith("signed_curve25519:");
        // The key is usable: an Olm session to A's device starts from it.
        assertThat(OlmAccount.create().createOutboundSession(aDevice.curve25519Key(), k.key())).isNotNull();
      });
      // Incremental: Synapse caches an identical initial sync for a while.
      assertThat(oneTimeKeyCount(sync(a, firstSync.path("next_batch").asText())))
          .isEqualTo(Keys.TARGET_ONE_TIME_KEYS - 1);

      assertThat(a.keys(aAccount).topUp(Keys.TARGET_ONE_TIME_KEYS - 1, List.of("signed_curve25519"))).isEqualTo(1);
      assertThat(a.keys(aAccount).oneTimeKeyCounts()).containsEntry("signed_curve25519", Keys.TARGET_ONE_TIME_KEYS);
    }
  }

  /** A raw sync (the sync model does not carry the key counts yet). */
  private static JsonNode sync(MatrixClient client, String since) {
    Map<String, String> query = since == null ? Map.of("timeout", "0") : Map.of("timeout", "0", "since", since);
    return client.http().json("GET", client.http().v3(query, "sync"), null, CallOptions.SAFE, JsonNode.class);
  }

  private static int oneTimeKeyCount(JsonNode sync) {
    return sync.path("device_one_time_keys_count").path("signed_curve25519").asInt(0);
  }
}

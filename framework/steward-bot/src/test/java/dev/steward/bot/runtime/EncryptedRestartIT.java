package dev.steward.bot.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.StewardConfig;
import dev.steward.client.CrossSigning;
import dev.steward.client.Keys;
import dev.steward.client.MatrixClient;
import dev.steward.client.crypto.CrossSigningIdentity;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.crypto.OlmAccount;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption through the runtime on the test Synapse: the bot's device keys come from the encryption state in the
 * store, so a restart is the same device with the same identity keys (and cross-signed by the account's own keys,
 * set up once), and a wrong store key stops the next start before login, leaving the device as it was.
 */
class EncryptedRestartIT {
  private static final String KEY = "store key of the restart test";
  private final TestHomeserver hs = TestHomeserver.get();

  @TempDir
  Path dir;

  private StewardConfig config(TestUser bot, String storeKey) {
    return RuntimeFixture.config(hs, bot, "url: jdbc:h2:file:" + dir.resolve("steward"),
        "encryption: {enabled: true, store_key: '" + storeKey + "'}");
  }

  /** The bot's devices as another user sees them on the homeserver. */
  private Map<String, DeviceKeys> devicesSeenBy(MatrixClient other, TestUser bot) {
    Keys keys = other.keys(OlmAccount.create());
    return keys.query(List.of(bot.userId())).devices().getOrDefault(bot.userId(), Map.of());
  }

  @Test
  void aRestartIsTheSameDeviceWithTheSameKeysAndAWrongKeyChangesNothing() {
    TestUser bot = hs.newUser("e2eestore");
    MatrixClient alice = hs.client(hs.newUser("alice"));
    String device;
    String curve;
    try (Steward first = RuntimeFixture.startReady(Steward.builder(config(bot, KEY)))) {
      device = first.client().deviceId();
      curve = first.client().encryption().curve25519Key();
    }

    try (Steward second = RuntimeFixture.startReady(Steward.builder(config(bot, KEY)))) {
      assertThat(second.client().deviceId()).isEqualTo(device);
      assertThat(second.client().encryption().curve25519Key()).isEqualTo(curve);
    }
    Map<String, DeviceKeys> seen = devicesSeenBy(alice, bot);
    assertThat(seen).containsKey(device);
    assertThat(seen.get(device).curve25519Key()).isEqualTo(curve);
    // cross_signing (on by default): the account's keys set up at the first start, kept at the second, the device
    // signed by the self-signing key as another user checks it
    CrossSigningIdentity identity = CrossSigning.identity(alice, bot.userId()).orElseThrow();
    assertThat(identity.isCrossSigned(seen.get(device))).isTrue();

    Steward wrong = Steward.builder(config(bot, "not the key of this store")).build();
    ConfigException e = catchThrowableOfType(ConfigException.class, wrong::start);
    wrong.close();

    assertThat(e.path()).isEqualTo("encryption.store_key");
    assertThat(devicesSeenBy(alice, bot)).isEqualTo(seen);
    assertThat(CrossSigning.identity(alice, bot.userId())).contains(identity);
  }
}

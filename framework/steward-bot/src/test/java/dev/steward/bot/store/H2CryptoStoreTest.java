package dev.steward.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encryption state on an H2 file, the default store: restart() closes and reopens the file. */
class H2CryptoStoreTest extends CryptoStoreContract {
  @TempDir
  Path dir;

  @Override
  protected StewardStore openStore() {
    return StewardStore.open("jdbc:h2:file:" + dir.resolve("steward"), "sa", "");
  }

  @Test
  void thePublicWayInDerivesTheKeyWithTheFullIterationCount() throws Exception {
    store.cryptoStore(account, PASSPHRASE).put("account", "", "olm account");
    assertThat(rawValue("_store", "kdf")).startsWith("pbkdf2-hmac-sha256:600000:");

    JdbcCryptoStore reopened = restart().cryptoStore(account, PASSPHRASE);

    assertThat(reopened.get("account", "")).contains("olm account");
  }
}

package dev.steward.bot.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.bot.config.AuthConfig;
import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigProblem;
import dev.steward.bot.config.EncryptionConfig;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bot.config.StorageConfig;
import dev.steward.bot.store.JdbcCryptoStore;
import dev.steward.bot.store.StewardStore;
import dev.steward.client.UserId;
import dev.steward.client.testing.ExpectedFailures;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's side of encryption: the store key and the state are checked before the homeserver hears anything,
 * the device whose keys the store holds is the one logged in, and an access token of another device is refused.
 * Until {@code Encryption} has its bodies, a start that gets as far as enabling it fails there; these tests look
 * only at what happens up to that point.
 */
class EncryptionStartTest {
  private static final UserId BOT = UserId.of("@bot:test");
  private static final String KEY = "the store key of this bot";

  @TempDir
  Path dir;

  private MockWebServer server;
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final List<String> loginBodies = new ArrayList<>();
  private String tokenDevice = "TOKENDEV";

  @BeforeEach
  void startTheHomeserver() throws Exception {
    server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        synchronized (requests) {
          requests.add(request);
        }
        String path = request.getPath();
        if (path.startsWith("/_matrix/client/v3/login")) {
          String body = request.getBody().readUtf8();
          synchronized (requests) {
            loginBodies.add(body);
          }
          String device = body.contains("\"device_id\":\"") ? body.replaceAll(".*\"device_id\":\"([^\"]+)\".*", "$1")
              : "NEWDEV";
          return json("{\"user_id\":\"@bot:test\",\"access_token\":\"t1\",\"device_id\":\"" + device + "\"}");
        }
        if (path.startsWith("/_matrix/client/v3/account/whoami")) {
          return json("{\"user_id\":\"@bot:test\",\"device_id\":\"" + tokenDevice + "\"}");
        }
        return new MockResponse().setResponseCode(404)
            .setBody("{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"not in this test\"}");
      }
    });
    server.start();
  }

  @AfterEach
  void stopTheHomeserver() throws Exception {
    server.shutdown();
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private String storeUrl() {
    return "jdbc:h2:file:" + dir.resolve("steward");
  }

  private StewardConfig config(AuthConfig auth, EncryptionConfig encryption) {
    return StewardConfig.builder().homeserver(server.url("/").toString()).auth(auth)
        .storage(new StorageConfig(storeUrl(), "", "")).encryption(encryption).build();
  }

  private static AuthConfig password() {
    return new AuthConfig(BOT, Optional.of("secret"), Optional.empty(), Optional.empty(), "Steward");
  }

  private static EncryptionConfig enabled(String key) {
    return new EncryptionConfig(true, Optional.of(key), Duration.ofMinutes(10), true);
  }

  /** Encryption state written earlier under {@link #KEY}, bound to {@code device} unless null. */
  private void existingState(String device) {
    try (StewardStore store = StewardStore.open(storeUrl(), "", "")) {
      JdbcCryptoStore crypto = store.cryptoStore(BOT.value(), KEY);
      crypto.put("account", "", "the olm account");
      if (device != null) {
        crypto.bindDevice(device);
      }
    }
  }

  private List<String> paths() {
    synchronized (requests) {
      return requests.stream().map(r -> r.getMethod() + " " + r.getPath().replaceAll("\\?.*", "")).toList();
    }
  }

  private ConfigException refusedBeforeLogin(StewardConfig config) {
    Steward steward = Steward.builder(config).build();
    ConfigException e = catchThrowableOfType(ConfigException.class, steward::start);
    steward.close();
    assertThat(paths()).as("the homeserver heard nothing").isEmpty();
    return e;
  }

  @Test
  void aWrongStoreKeyIsAConfigErrorBeforeLogin() {
    existingState("DEV1");

    ConfigException e = refusedBeforeLogin(config(password(), enabled("not the key it was written with")));

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("encryption.store_key");
    assertThat(e.getMessage()).contains("does not open the encryption state of this store (@bot:test)");
  }

  @Test
  void stateInTheStoreWithNoKeyConfiguredIsAConfigErrorBeforeLogin() {
    existingState("DEV1");

    ConfigException e = refusedBeforeLogin(config(password(), EncryptionConfig.defaults()));

    assertThat(e.path()).isEqualTo("encryption.store_key");
    assertThat(e.getMessage()).contains("the store holds the encryption state of @bot:test");
  }

  @Test
  void stateWithoutItsCheckRecordIsRefusedBeforeLoginAndKeptAsItIs() throws Exception {
    existingState("DEV1");
    try (StewardStore store = StewardStore.open(storeUrl(), "", "");
         Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM steward_crypto WHERE kind = '_store' AND record_key = 'check'");
    }

    ConfigException e = refusedBeforeLogin(config(password(), enabled(KEY)));

    assertThat(e.path()).isEqualTo("storage.url");
    assertThat(e.getMessage()).contains("without its check record");
    try (StewardStore store = StewardStore.open(storeUrl(), "", "")) {
      assertThat(store.holdsCryptoState(BOT.value())).isTrue();
      Throwable again = catchThrowable(() -> store.cryptoStore(BOT.value(), KEY));
      assertThat(again).as("still refused: no check record was made up").hasMessageContaining("check record");
    }
  }

  @Test
  void aConfiguredDeviceOtherThanTheStoresIsAConfigErrorBeforeLogin() {
    existingState("DEV1");
    AuthConfig auth = new AuthConfig(BOT, Optional.of("secret"), Optional.empty(), Optional.of("DEV2"), "Steward");

    ConfigException e = refusedBeforeLogin(config(auth, enabled(KEY)));

    assertThat(e.path()).isEqualTo("auth.device_id");
    assertThat(e.getMessage()).contains("belongs to device DEV1");
  }

  @Test
  @ExpectedFailures("the start stops at the token's device, before any sync")
  void anAccessTokenOfAnotherDeviceIsRefusedBeforeTheFirstSync() {
    existingState("DEV1");
    tokenDevice = "DEV2";
    AuthConfig auth = new AuthConfig(BOT, Optional.empty(), Optional.of("token"), Optional.empty(), "Steward");
    Steward steward = Steward.builder(config(auth, enabled(KEY))).build();

    Throwable e = catchThrowable(steward::start);
    steward.close();

    assertThat(e).isInstanceOf(IllegalStateException.class).hasMessage("auth.access_token belongs to device DEV2,"
        + " but the encryption state in the store belongs to device DEV1 (the store holds one device's keys): use a"
        + " token of device DEV1, or log in with auth.password");
    assertThat(paths()).containsExactly("GET /_matrix/client/v3/account/whoami");
  }

  @Test
  void aPasswordLoginAsksForTheDeviceWhoseKeysTheStoreHolds() {
    existingState("DEV1");
    Steward steward = Steward.builder(config(password(), enabled(KEY))).build();

    catchThrowable(steward::start); // how far it gets past the login depends on Encryption, not on this test
    steward.close();

    assertThat(paths()).first().isEqualTo("POST /_matrix/client/v3/login");
    assertThat(loginBodies).hasSize(1).first().asString().contains("\"device_id\":\"DEV1\"");
  }

  @Test
  void theFirstStartWritesTheCheckRecordAndBindsTheStateToTheLoggedInDevice() {
    Steward steward = Steward.builder(config(password(), enabled(KEY))).build();

    catchThrowable(steward::start); // how far it gets past the login depends on Encryption, not on this test
    steward.close();

    assertThat(paths()).first().isEqualTo("POST /_matrix/client/v3/login");
    try (StewardStore store = StewardStore.open(storeUrl(), "", "")) {
      assertThat(store.cryptoStore(BOT.value(), KEY).deviceId()).contains("NEWDEV");
      Throwable wrong = catchThrowable(() -> store.cryptoStore(BOT.value(), "some other key, but long"));
      assertThat(wrong).hasMessageContaining("does not open");
    }
  }
}

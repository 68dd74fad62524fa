package dev.steward.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.store.CryptoStateException.Reason;
import dev.steward.client.crypto.CryptoStore.Write;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbcCryptoStore} against each database, run by a subclass. Every test uses its own account, so a shared
 * server needs no cleaning. The key derivation runs with few iterations here; the real count is tested once on H2.
 */
abstract class CryptoStoreContract {
  static final int CHEAP = 1_000;
  static final String PASSPHRASE = "correct horse battery staple";
  protected final String account = "@bot-" + UUID.randomUUID().toString().substring(0, 8) + ":example.org";
  protected StewardStore store;

  /** Opens a store on this test's database; called again by {@link #restart()}. */
  protected abstract StewardStore openStore();

  @BeforeEach
  void openTheStore() {
    store = openStore();
  }

  @AfterEach
  void closeTheStore() {
    store.close();
  }

  protected StewardStore restart() {
    store.close();
    store = openStore();
    return store;
  }

  private JdbcCryptoStore crypto(String passphrase) {
    return store.cryptoStore(account, passphrase, CHEAP);
  }

  @Test
  void keepsGetsScansAndDeletesRecordsAcrossARestart() {
    JdbcCryptoStore crypto = crypto(PASSPHRASE);
    crypto.put("inbound_group", "!room:x|curveA|s2", "two");
    crypto.put("inbound_group", "!room:x|curveA|s1", "one");
    crypto.put("inbound_group", "!other:x|curveA|s3", "three");
    crypto.put("olm_session", "!room:x|curveA|s9", "not a group session");
    crypto.put("account", "", "{\"pickle\":\"é✓\"}");

    JdbcCryptoStore reopened = restart().cryptoStore(account, PASSPHRASE, CHEAP);

    assertThat(reopened.get("account", "")).contains("{\"pickle\":\"é✓\"}");
    assertThat(reopened.get("account", "other")).isEmpty();
    assertThat(reopened.scan("inbound_group", "!room:x|")).containsExactly(
        entry("!room:x|curveA|s1", "one"), entry("!room:x|curveA|s2", "two"));
    assertThat(reopened.scan("inbound_group", "")).hasSize(3);
    reopened.delete("inbound_group", "!room:x|curveA|s1");
    reopened.delete("inbound_group", "absent");
    assertThat(reopened.scan("inbound_group", "!room:x|")).containsOnlyKeys("!room:x|curveA|s2");
  }

  @Test
  void aScanPrefixIsTakenLiterallyNotAsAPattern() {
    JdbcCryptoStore crypto = crypto(PASSPHRASE);
    crypto.put("device", "@a_b:x|D1", "underscore");
    crypto.put("device", "@aXb:x|D1", "letter");
    crypto.put("device", "@a%b:x|D1", "percent");
    crypto.put("device", "@a!b:x|D1", "bang");

    assertThat(crypto.scan("device", "@a_b:")).containsOnlyKeys("@a_b:x|D1");
    assertThat(crypto.scan("device", "@a%")).containsOnlyKeys("@a%b:x|D1");
    assertThat(crypto.scan("device", "@a!")).containsOnlyKeys("@a!b:x|D1");
  }

  @Test
  void aBatchAppliesInOrderAndItsLastWriteOfARecordWins() {
    JdbcCryptoStore crypto = crypto(PASSPHRASE);
    crypto.put("olm_session", "gone", "old");

    crypto.write(List.of(Write.put("olm_session", "k", "1"), Write.delete("olm_session", "k"),
        Write.put("olm_session", "k", "2"), Write.put("olm_session", "gone", "x"), Write.delete("olm_session", "gone")));

    assertThat(crypto.get("olm_session", "k")).contains("2");
    assertThat(crypto.get("olm_session", "gone")).isEmpty();
  }

  @Test
  void aBatchTheDatabaseRefusesLeavesNothingBehind() {
    JdbcCryptoStore crypto = crypto(PASSPHRASE);
    crypto.put("account", "", "before");
    String tooLong = "x".repeat(800_000); // sealed and in Base64, longer than the column's 1,000,000 characters

    assertThatThrownBy(() -> crypto.write(List.of(Write.put("account", "", "after"),
        Write.delete("tracked_user", "@u:x"), Write.put("olm_session", "a", "first"),
        Write.put("pending", "$big", tooLong)))).isInstanceOf(StoreException.class);

    assertThat(crypto.get("account", "")).contains("before");
    assertThat(crypto.get("olm_session", "a")).isEmpty();
  }

  @Test
  void valuesAreSealedWithAFreshNonceEach() throws SQLException {
    JdbcCryptoStore crypto = crypto(PASSPHRASE);
    crypto.put("olm_session", "a", "the same private key");
    crypto.put("olm_session", "b", "the same private key");

    List<String> raw = List.of(rawValue("olm_session", "a"), rawValue("olm_session", "b"));

    for (String value : raw) {
      assertThat(value).doesNotContain("private");
      assertThat(new String(Base64.getDecoder().decode(value), java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain("private");
    }
    byte[] first = Base64.getDecoder().decode(raw.get(0));
    byte[] second = Base64.getDecoder().decode(raw.get(1));
    assertThat(Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(Arrays.copyOfRange(second, 1, 13));
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aValueCopiedToAnotherRecordDoesNotOpen() throws SQLException {
    JdbcCryptoStore crypto = crypto(PASSPHRASE);
    crypto.put("inbound_group", "!a:x|k|s1", "session one");
    crypto.put("inbound_group", "!b:x|k|s2", "session two");
    sql("UPDATE steward_crypto SET record_value = ? WHERE account_key = ? AND kind = ? AND record_key = ?",
        rawValue("inbound_group", "!a:x|k|s1"), account, "inbound_group", "!b:x|k|s2");

    assertThatThrownBy(() -> crypto.get("inbound_group", "!b:x|k|s2")).isInstanceOf(CryptoStateException.class)
        .hasMessageContaining("'!b:x|k|s2'").hasMessageContaining("altered, or copied from another record")
        .satisfies(e -> assertThat(((CryptoStateException) e).reason()).isEqualTo(Reason.DAMAGED_RECORD));
    assertThat(crypto.get("inbound_group", "!a:x|k|s1")).contains("session one");
  }

  @Test
  void anotherPassphraseDoesNotOpenTheStateAndChangesNothing() throws SQLException {
    crypto(PASSPHRASE).put("account", "", "olm account");
    String before = rawValue("_store", "check");

    assertThatThrownBy(() -> restart().cryptoStore(account, "another passphrase, wrong", CHEAP))
        .isInstanceOf(CryptoStateException.class)
        .hasMessage("the key does not open the encryption state of " + account + " in this store")
        .satisfies(e -> assertThat(((CryptoStateException) e).reason()).isEqualTo(Reason.WRONG_KEY));

    assertThat(rawValue("_store", "check")).isEqualTo(before);
    assertThat(crypto(PASSPHRASE).get("account", "")).contains("olm account");
  }

  @Test
  void stateWithoutItsCheckRecordIsRefusedNotStartedOver() throws SQLException {
    crypto(PASSPHRASE).put("account", "", "olm account");
    sql("DELETE FROM steward_crypto WHERE account_key = ? AND kind = '_store' AND record_key = 'check'", account);

    assertThatThrownBy(() -> crypto(PASSPHRASE)).isInstanceOf(CryptoStateException.class)
        .hasMessageContaining("without its check record")
        .satisfies(e -> assertThat(((CryptoStateException) e).reason()).isEqualTo(Reason.NO_CHECK_RECORD));
    assertThat(count()).as("nothing written: no new check record, no new keys").isEqualTo(2);
  }

  @Test
  void recordsWithoutAnyStoreRecordAreRefusedToo() throws SQLException {
    sql("INSERT INTO steward_crypto (account_key, kind, record_key, record_value, updated_at)"
        + " VALUES (?, 'account', '', 'written by something else', CURRENT_TIMESTAMP)", account);

    assertThat(store.holdsCryptoState(account)).isTrue();
    assertThatThrownBy(() -> crypto(PASSPHRASE)).isInstanceOf(CryptoStateException.class)
        .hasMessageContaining("without its key parameters");
    assertThat(count()).isEqualTo(1);
  }

  @Test
  void theFirstUseWritesTheCheckRecordAndNothingElse() throws SQLException {
    assertThat(store.holdsCryptoState(account)).isFalse();

    JdbcCryptoStore crypto = crypto(PASSPHRASE);

    assertThat(store.holdsCryptoState(account)).isTrue();
    assertThat(count()).isEqualTo(2);
    assertThat(rawValue("_store", "kdf")).startsWith("pbkdf2-hmac-sha256:" + CHEAP + ":");
    assertThat(rawValue("_store", "check")).doesNotContain("steward");
    assertThat(crypto.scan("account", "")).isEmpty();
  }

  @Test
  void theStoresOwnKindsAreNotForCallers() {
    JdbcCryptoStore crypto = crypto(PASSPHRASE);

    assertThatThrownBy(() -> crypto.put("_store", "check", "mine now")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> crypto.get("_store", "kdf")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> crypto.scan("_store", "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> crypto.put("k".repeat(65), "a", "b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> crypto.write(List.of(Write.put("account", "", "fine"),
        Write.put("account", "k".repeat(1025), "too long a key")))).isInstanceOf(IllegalArgumentException.class);
    assertThat(crypto.get("account", "")).as("a refused batch writes nothing").isEmpty();
  }

  @Test
  void theStateBelongsToTheFirstDeviceBound() {
    JdbcCryptoStore crypto = crypto(PASSPHRASE);
    assertThat(crypto.deviceId()).isEmpty();
    crypto.bindDevice("DEVICEA");
    crypto.bindDevice("DEVICEA");

    JdbcCryptoStore reopened = restart().cryptoStore(account, PASSPHRASE, CHEAP);

    assertThat(reopened.deviceId()).contains("DEVICEA");
    assertThatThrownBy(() -> reopened.bindDevice("DEVICEB")).isInstanceOf(IllegalStateException.class)
        .hasMessage("the encryption state of " + account + " in this store belongs to device DEVICEA, not DEVICEB");
    assertThat(reopened.deviceId()).contains("DEVICEA");
  }

  @Test
  void accountsKeepSeparateStates() {
    String other = account.replace("@bot-", "@other-");
    crypto(PASSPHRASE).put("account", "", "mine");
    JdbcCryptoStore theirs = store.cryptoStore(other, "their own passphrase", CHEAP);

    assertThat(theirs.get("account", "")).isEmpty();
    theirs.put("account", "", "theirs");
    assertThat(crypto(PASSPHRASE).get("account", "")).contains("mine");
  }

  @Test
  void concurrentBatchesAllLand() throws Exception {
    JdbcCryptoStore crypto = crypto(PASSPHRASE);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 40; i++) {
            crypto.write(List.of(Write.put("group_index", "t" + thread + "|" + i, "event" + i),
                Write.put("outbound_group", "!shared:x", "from " + thread)));
            assertThat(crypto.get("group_index", "t" + thread + "|" + i)).contains("event" + i);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(crypto.scan("group_index", "")).hasSize(240);
    assertThat(crypto.get("outbound_group", "!shared:x")).hasValueSatisfying(v -> assertThat(v).startsWith("from "));
  }

  private static java.util.Map.Entry<String, String> entry(String k, String v) {
    return java.util.Map.entry(k, v);
  }

  String rawValue(String kind, String key) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
         PreparedStatement st = Jdbc.prepare(c, "SELECT record_value FROM steward_crypto"
             + " WHERE account_key = ? AND kind = ? AND record_key = ?", account, kind, key);
         ResultSet rs = st.executeQuery()) {
      assertThat(rs.next()).as("record %s/%s exists", kind, key).isTrue();
      return rs.getString(1);
    }
  }

  private long count() throws SQLException {
    try (Connection c = store.dataSource().getConnection();
         PreparedStatement st = Jdbc.prepare(c, "SELECT COUNT(*) FROM steward_crypto WHERE account_key = ?", account);
         ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void sql(String sql, String... params) throws SQLException {
    try (Connection c = store.dataSource().getConnection()) {
      Jdbc.update(c, sql, params);
    }
  }
}

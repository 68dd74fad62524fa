package dev.steward.bot.store;

import dev.steward.bot.store.CryptoStateException.Reason;
import dev.steward.client.crypto.CryptoStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.crypto.AEADBadTagException;

/**
 * The encryption state of one bot account's device in the store's {@code steward_crypto} table, every value sealed
 * with AES-256-GCM (see {@link RecordSeal}) under a key derived from a passphrase. Obtained from
 * {@link StewardStore#cryptoStore}, which checks the passphrase against the store's check record first.
 *
 * <p>Kinds starting with {@code _} are the store's own ({@code _store}: key parameters, check record, device) and
 * refused to callers. Kinds are at most 64 characters, keys at most 1,024. Safe for use from several threads; one
 * process per account (writes are serialised within the process only).
 */
public final class JdbcCryptoStore implements CryptoStore {
  static final String OWN_KIND = "_store";
  static final String KDF = "kdf";
  static final String CHECK = "check";
  static final String DEVICE = "device";
  /** The check record's plain text: what a wrong key fails to read back. */
  static final String CHECK_TEXT = "steward encryption state v1";
  private static final int MAX_KIND = 64;
  private static final int MAX_KEY = 1024;

  private static final String SELECT = "SELECT record_value FROM steward_crypto"
      + " WHERE account_key = ? AND kind = ? AND record_key = ?";
  private static final String SCAN = "SELECT record_key, record_value FROM steward_crypto"
      + " WHERE account_key = ? AND kind = ? AND record_key LIKE ? ESCAPE '!'";
  private static final String DELETE = "DELETE FROM steward_crypto"
      + " WHERE account_key = ? AND kind = ? AND record_key = ?";
  private static final String INSERT = "INSERT INTO steward_crypto"
      + " (account_key, kind, record_key, record_value, updated_at) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)";
  private static final String ANY = "SELECT kind FROM steward_crypto WHERE account_key = ?"
      + " FETCH FIRST 1 ROWS ONLY";

  private final Jdbc jdbc;
  private final String account;
  private final RecordSeal seal;
  private final String upsert;
  /** One batch at a time: H2's MERGE can collide with itself, and PostgreSQL could deadlock on opposite orders. */
  private final ReentrantLock writes = new ReentrantLock();

  private JdbcCryptoStore(Jdbc jdbc, Dialect dialect, String account, RecordSeal seal) {
    this.jdbc = jdbc;
    this.account = account;
    this.seal = seal;
    this.upsert = dialect.upsert("steward_crypto", List.of("account_key", "kind", "record_key"),
        List.of("record_value"));
  }

  /**
   * Opens the state of {@code account} with {@code passphrase}: checks it against the check record, or, when the
   * account has no state at all, sets the state up (a new salt and a check record, in one transaction).
   *
   * @throws CryptoStateException when the passphrase does not open the state, or state exists without a check record
   */
  static JdbcCryptoStore open(Jdbc jdbc, Dialect dialect, String account, String passphrase, int iterations) {
    Map<String, String> own = ownRecords(jdbc, account);
    String parameters = own.get(KDF);
    String check = own.get(CHECK);
    if (parameters == null && check == null && !holdsState(jdbc, account)) {
      RecordSeal seal = RecordSeal.create(passphrase, iterations);
      if (initialise(jdbc, account, seal)) {
        return new JdbcCryptoStore(jdbc, dialect, account, seal);
      }
      // Another process set it up at the same moment: check against what it wrote.
      own = ownRecords(jdbc, account);
      parameters = own.get(KDF);
      check = own.get(CHECK);
    }
    if (parameters == null || check == null) {
      throw new CryptoStateException(Reason.NO_CHECK_RECORD, "the store holds encryption state of " + account
          + " without its " + (parameters == null ? "key parameters" : "check record") + ": it was not written by"
          + " Steward or was cut short; starting over with new keys would break the device's sessions, so it is not"
          + " done");
    }
    RecordSeal seal;
    try {
      seal = RecordSeal.derive(passphrase, parameters);
    } catch (IllegalArgumentException e) {
      throw new CryptoStateException(Reason.NO_CHECK_RECORD, "the encryption state of " + account
          + " has key parameters this version cannot read: " + e.getMessage());
    }
    try {
      if (!CHECK_TEXT.equals(seal.open(account, OWN_KIND, CHECK, check))) {
        throw new AEADBadTagException("unexpected check text");
      }
    } catch (AEADBadTagException e) {
      throw new CryptoStateException(Reason.WRONG_KEY,
          "the key does not open the encryption state of " + account + " in this store");
    }
    return new JdbcCryptoStore(jdbc, dialect, account, seal);
  }

  /** Whether {@code account} has any record in the table, its own or a caller's. */
  static boolean holdsState(Jdbc jdbc, String account) {
    return jdbc.queryString("crypto_any", "looking for encryption state of " + account, ANY, account).isPresent();
  }

  private static Map<String, String> ownRecords(Jdbc jdbc, String account) {
    return jdbc.call("crypto_open", "reading the encryption state parameters of " + account, c -> {
      Map<String, String> out = new HashMap<>();
      try (PreparedStatement st = Jdbc.prepare(c, "SELECT record_key, record_value FROM steward_crypto"
          + " WHERE account_key = ? AND kind = ?", account, OWN_KIND); ResultSet rows = st.executeQuery()) {
        while (rows.next()) {
          out.put(rows.getString(1), rows.getString(2));
        }
      }
      return out;
    });
  }

  /** Writes the key parameters and the check record together; false when another writer got there first. */
  private static boolean initialise(Jdbc jdbc, String account, RecordSeal seal) {
    return jdbc.call("crypto_open", "setting up the encryption state of " + account, c -> {
      try {
        inTransaction(c, () -> {
          Jdbc.update(c, INSERT, account, OWN_KIND, KDF, seal.parameters());
          Jdbc.update(c, INSERT, account, OWN_KIND, CHECK, seal.seal(account, OWN_KIND, CHECK, CHECK_TEXT));
        });
        return true;
      } catch (SQLException e) {
        if (Jdbc.isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  /** The account (Matrix user id) whose device this state belongs to. */
  public String account() {
    return account;
  }

  /** The device the state belongs to, once {@link #bindDevice} recorded it. */
  public Optional<String> deviceId() {
    return read(OWN_KIND, DEVICE);
  }

  /**
   * Records that the state belongs to {@code deviceId}, the first time; later calls only check.
   *
   * @throws IllegalStateException when the state belongs to another device
   */
  public void bindDevice(String deviceId) {
    Objects.requireNonNull(deviceId, "deviceId");
    writes.lock();
    try {
      Optional<String> bound = deviceId();
      if (bound.isPresent() && !bound.get().equals(deviceId)) {
        throw new IllegalStateException("the encryption state of " + account + " in this store belongs to device "
            + bound.get() + ", not " + deviceId);
      }
      if (bound.isEmpty()) {
        store(List.of(Write.put(OWN_KIND, DEVICE, deviceId)));
      }
    } finally {
      writes.unlock();
    }
  }

  @Override
  public Optional<String> get(String kind, String key) {
    checkKind(kind);
    checkKey(key);
    return read(kind, key);
  }

  @Override
  public Map<String, String> scan(String kind, String keyPrefix) {
    checkKind(kind);
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    String pattern = keyPrefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    Map<String, String> sealed = jdbc.call("crypto_scan", "reading " + kind + " records of " + account, c -> {
      // Sorted in Java, not by ORDER BY, because H2 and PostgreSQL collate strings differently.
      Map<String, String> rowsByKey = new TreeMap<>();
      try (PreparedStatement st = Jdbc.prepare(c, SCAN, account, kind, pattern); ResultSet rows = st.executeQuery()) {
        while (rows.next()) {
          if (rows.getString(1).startsWith(keyPrefix)) {
            rowsByKey.put(rows.getString(1), rows.getString(2));
          }
        }
      }
      return rowsByKey;
    });
    Map<String, String> out = new LinkedHashMap<>();
    sealed.forEach((key, value) -> out.put(key, open(kind, key, value)));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public void write(List<Write> batch) {
    Objects.requireNonNull(batch, "writes");
    for (Write w : batch) {
      checkKind(w.kind());
      checkKey(w.key());
    }
    writes.lock();
    try {
      store(batch);
    } finally {
      writes.unlock();
    }
  }

  /** Applies a batch in one transaction: only each record's last write counts, as when applied in order. */
  private void store(List<Write> batch) {
    Map<List<String>, Write> last = new LinkedHashMap<>();
    for (Write w : batch) {
      last.put(List.of(w.kind(), w.key()), w);
    }
    List<String[]> deletes = new ArrayList<>();
    List<String[]> puts = new ArrayList<>();
    for (Write w : last.values()) {
      if (w.value() == null) {
        deletes.add(new String[] {account, w.kind(), w.key()});
      } else {
        puts.add(new String[] {account, w.kind(), w.key(), seal.seal(account, w.kind(), w.key(), w.value())});
      }
    }
    if (deletes.isEmpty() && puts.isEmpty()) {
      return;
    }
    jdbc.call("crypto_write", "writing " + last.size() + " encryption records of " + account, c -> {
      inTransaction(c, () -> {
        batch(c, DELETE, deletes);
        batch(c, upsert, puts);
      });
      return null;
    });
  }

  private Optional<String> read(String kind, String key) {
    return jdbc.queryString("crypto_get", "reading a " + kind + " record of " + account, SELECT, account, kind, key)
        .map(value -> open(kind, key, value));
  }

  private String open(String kind, String key, String sealed) {
    try {
      return seal.open(account, kind, key, sealed);
    } catch (AEADBadTagException e) {
      throw new CryptoStateException(Reason.DAMAGED_RECORD, "the " + kind + " record '" + key + "' of " + account
          + " does not open with the store's key: it was altered, or copied from another record");
    }
  }

  private static void batch(Connection c, String sql, List<String[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          st.setString(i + 1, row[i]);
        }
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  /** SQL work that throws SQLException. */
  @FunctionalInterface
  private interface SqlWork {
    void run() throws SQLException;
  }

  private static void inTransaction(Connection c, SqlWork work) throws SQLException {
    c.setAutoCommit(false);
    try {
      work.run();
      c.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void checkKind(String kind) {
    Objects.requireNonNull(kind, "kind");
    if (kind.isEmpty() || kind.length() > MAX_KIND || kind.startsWith("_")) {
      throw new IllegalArgumentException("a kind is 1 to " + MAX_KIND + " characters and does not start with '_': '"
          + kind + "'");
    }
  }

  private static void checkKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.length() > MAX_KEY) {
      throw new IllegalArgumentException("a key is at most " + MAX_KEY + " characters, this one has " + key.length());
    }
  }
}

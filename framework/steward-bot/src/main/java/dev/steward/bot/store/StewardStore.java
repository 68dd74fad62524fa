package dev.steward.bot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.steward.client.SyncTokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's database: a small connection pool on H2 or PostgreSQL with the store's schema migrated, handing out
 * the sync token store, the event dedupe, bots' key-value state and the devices' encryption state. Close it to
 * close the pool.
 */
public final class StewardStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StewardStore.class);

  private static final String MIGRATIONS = "classpath:dev/steward/bot/store/migration";
  /**
   * Migrations whose SQL differs per database (the scheduler's Quartz tables), in {@code vendor/h2} or
   * {@code vendor/postgresql}; a sibling of {@link #MIGRATIONS} because Flyway scans locations recursively.
   */
  private static final String VENDOR_MIGRATIONS = "classpath:dev/steward/bot/store/vendor/";
  /** Not Flyway's default name, so other modules can keep their own migration history in the same schema. */
  static final String HISTORY_TABLE = "steward_store_history";
  private static final int MAX_CONNECTIONS = 4;
  /**
   * The newest migration of each database, as Flyway records it. A store whose history ends there, successfully, is
   * opened without Flyway: loading and configuring it was about half a second of every restart, for nothing to do.
   * {@code StewardStoreSchemaTest} checks these against the migration files, so a new migration must be named here.
   */
  static final Map<Dialect, String> LATEST = Map.of(Dialect.H2, "5", Dialect.POSTGRESQL, "5");

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final Map<String, EventDedupe> dedupes = new ConcurrentHashMap<>();
  private final Jdbc jdbc;
  private final CommandLog commandLog;

  private StewardStore(HikariDataSource pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
    this.jdbc = new Jdbc(pool);
    this.commandLog = new CommandLog(jdbc);
  }

  /**
   * Connects to {@code jdbc:h2:} or {@code jdbc:postgresql:} URL and brings the schema up to date. For an H2 file
   * the folder is created first. Use an empty password for none.
   *
   * @throws IllegalArgumentException for any other kind of URL
   * @throws StoreException when the database cannot be reached or migrated
   */
  public static StewardStore open(String jdbcUrl, String username, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Dialect dialect = Dialect.of(jdbcUrl);
    String printableUrl = JdbcUrls.redact(jdbcUrl);
    JdbcUrls.h2File(jdbcUrl).ifPresent(file -> createFolderOf(file, printableUrl));
    boolean copied = dialect == Dialect.H2 && copyTemplate(jdbcUrl, username, password, printableUrl);
    HikariDataSource pool = connect(JdbcUrls.closedByOwner(jdbcUrl), username, password, dialect, printableUrl);
    try {
      if (schemaIsCurrent(pool, dialect)) {
        if (copied) {
          try (Connection c = pool.getConnection()) {
            FreshH2Template.stampHistory(c);
          }
        }
        log.info("Store open at {} ({}schema version {})", printableUrl, copied ? "new, " : "", LATEST.get(dialect));
        return new StewardStore(pool, dialect);
      }
      if (dialect == Dialect.H2 && FreshH2Schema.isEmpty(pool)) {
        FreshH2Schema.create(pool, HISTORY_TABLE);
        log.info("Store open at {} (new, schema version {})", printableUrl, LATEST.get(dialect));
        return new StewardStore(pool, dialect);
      }
      MigrateResult result = migrate(pool, dialect);
      log.info("Store open at {} (schema version {})", printableUrl,
          Optional.ofNullable(result.targetSchemaVersion).orElse(result.initialSchemaVersion));
      return new StewardStore(pool, dialect);
    } catch (RuntimeException | SQLException e) {
      closeAfterFailure(pool, e);
      throw new StoreException("migrating the store schema at " + printableUrl, e);
    }
  }

  /** A new store of the shipped kind starts as a copy of the build's template ({@link FreshH2Template}). */
  private static boolean copyTemplate(String jdbcUrl, String username, String password, String printableUrl) {
    try {
      return FreshH2Template.copyIfNew(jdbcUrl, username, password);
    } catch (UncheckedIOException e) {
      throw new StoreException("creating the store at " + printableUrl, e.getCause());
    }
  }

  /** The sync token of one bot account (its Matrix user id), for its {@code SyncLoop}. */
  public SyncTokenStore syncTokens(String accountKey) {
    return new JdbcSyncTokenStore(jdbc, dialect, Objects.requireNonNull(accountKey, "accountKey"));
  }

  /**
   * The handled events of one bot account, keeping about the newest {@code capacity} ids. Calls for the same
   * account (and, on PostgreSQL, instance) share one in-memory front; the first call's capacity holds. Claims are made in the name of
   * {@code instance}, which must be stable across restarts and differ between processes that share the database: a
   * restarted instance releases its own unfinished claims. Only PostgreSQL can be shared by several processes.
   */
  public EventDedupe dedupe(String accountKey, String instance, int capacity) {
    Objects.requireNonNull(accountKey, "accountKey");
    Objects.requireNonNull(instance, "instance");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    if (dialect == Dialect.POSTGRESQL) {
      return dedupes.computeIfAbsent(accountKey + "\n" + instance,
          k -> new JdbcEventDedupe(jdbc, accountKey, instance, capacity));
    }
    // One process owns an H2 database: one front per account, whatever the instance is called.
    return dedupes.computeIfAbsent(accountKey, k -> new LocalEventDedupe(jdbc, accountKey, capacity));
  }

  /** {@link #dedupe(String, String, int)} for the only instance using the database. */
  public EventDedupe dedupe(String accountKey, int capacity) {
    return dedupe(accountKey, "", capacity);
  }

  /** A bot's key-value state in one namespace (for example the bot's name). */
  public KeyValueStore state(String namespace) {
    return new JdbcKeyValueStore(jdbc, dialect, Objects.requireNonNull(namespace, "namespace"));
  }

  /**
   * The end-to-end encryption state of {@code accountKey}'s device (its Matrix user id), sealed with a key derived
   * from {@code passphrase}. The passphrase is checked against the state's check record before anything else; an
   * account without state is set up (a new salt and check record). Takes up to about a second: the key derivation is
   * deliberately slow.
   *
   * @throws CryptoStateException when the passphrase does not open the state, or state exists without a check record;
   *     the state is never replaced by new keys
   */
  public JdbcCryptoStore cryptoStore(String accountKey, String passphrase) {
    return cryptoStore(accountKey, passphrase, RecordSeal.DEFAULT_ITERATIONS);
  }

  /** {@link #cryptoStore(String, String)} with a cheaper key derivation for a new state: tests only. */
  JdbcCryptoStore cryptoStore(String accountKey, String passphrase, int iterations) {
    Objects.requireNonNull(accountKey, "accountKey");
    Objects.requireNonNull(passphrase, "passphrase");
    if (passphrase.isEmpty()) {
      throw new IllegalArgumentException("the passphrase must not be empty");
    }
    return JdbcCryptoStore.open(jdbc, dialect, accountKey, passphrase, iterations);
  }

  /** Whether the store holds any end-to-end encryption state of {@code accountKey}, without opening it. */
  public boolean holdsCryptoState(String accountKey) {
    return JdbcCryptoStore.holdsState(jdbc, Objects.requireNonNull(accountKey, "accountKey"));
  }

  /** The newest commands the bot ran, for the ops status page. */
  public CommandLog commandLog() {
    return commandLog;
  }

  /** Tells {@code observer} how long each of the store's own operations takes (not those on {@link #dataSource()}). */
  public void observe(StoreObserver observer) {
    jdbc.observer(Objects.requireNonNull(observer, "observer"));
  }

  /** The store's pooled data source, for modules with tables of their own; the store closes it, callers must not. */
  public DataSource dataSource() {
    return pool;
  }

  /** Closes the connection pool; the store and everything it handed out stop working. */
  @Override
  public void close() {
    pool.close();
  }

  private static void createFolderOf(Path database, String printableUrl) {
    Path folder = database.toAbsolutePath().getParent();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new StoreException("creating the folder " + folder + " for " + printableUrl, e);
    }
  }

  private static HikariDataSource connect(
      String jdbcUrl, String username, String password, Dialect dialect, String printableUrl) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("steward-store");
    config.setJdbcUrl(jdbcUrl);
    config.setDriverClassName(dialect.driverClass());
    config.setUsername(username);
    config.setPassword(password);
    // A bot does a few short statements per sync batch; four connections are plenty and spare a shared server.
    config.setMaximumPoolSize(MAX_CONNECTIONS);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("connecting to " + printableUrl, e);
    }
  }

  /**
   * Whether the last migration in the history is {@link #LATEST}'s and succeeded. False for a new store (no history
   * table yet) and for anything else Flyway should look at: an older schema, a failed or a newer migration.
   */
  static boolean schemaIsCurrent(DataSource dataSource, Dialect dialect) {
    String sql = "SELECT \"version\", \"success\" FROM \"" + HISTORY_TABLE
        + "\" ORDER BY \"installed_rank\" DESC";
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.setMaxRows(1);
      try (ResultSet rs = st.executeQuery(sql)) {
        return rs.next() && LATEST.get(dialect).equals(rs.getString(1)) && rs.getBoolean(2);
      }
    } catch (SQLException e) {
      return false; // no history table: a new store, which Flyway creates
    }
  }

  static MigrateResult migrate(DataSource dataSource, Dialect dialect) {
    return flyway(dataSource, dialect).migrate();
  }

  /** Flyway as the store configures it: tests validate a store created by {@link FreshH2Schema} with it. */
  static Flyway flyway(DataSource dataSource, Dialect dialect) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(MIGRATIONS, VENDOR_MIGRATIONS + dialect.name().toLowerCase(Locale.ROOT))
        .table(HISTORY_TABLE)
        // The schema may already hold other modules' tables; baseline below V1 so V1 still runs there.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load();
  }

  private static void closeAfterFailure(HikariDataSource pool, Exception failure) {
    try {
      pool.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}

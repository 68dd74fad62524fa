package dev.steward.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new H2 store created without Flyway is what Flyway would have made, and Flyway accepts its history. */
class FreshH2SchemaTest {
  @TempDir
  Path dir;

  @Test
  void theScriptsAreEveryH2MigrationFile() throws Exception {
    List<String> files = new ArrayList<>();
    for (String folder : List.of("migration", "vendor/h2")) {
      Path path = Path.of(StewardStore.class.getResource("/dev/steward/bot/store/" + folder).toURI());
      try (Stream<Path> list = Files.list(path)) {
        list.map(f -> folder + "/" + f.getFileName()).filter(f -> f.endsWith(".sql")).forEach(files::add);
      }
    }

    assertThat(FreshH2Schema.SCRIPTS).containsExactlyInAnyOrderElementsOf(files);
    assertThat(FreshH2Schema.SCRIPTS.get(FreshH2Schema.SCRIPTS.size() - 1))
        .contains("V" + StewardStore.LATEST.get(Dialect.H2).replace('.', '_') + "__");
  }

  @Test
  void flywayValidatesANewStoreAndHasNothingToMigrate() throws SQLException {
    String url = "jdbc:h2:file:" + dir.resolve("fresh");
    try (StewardStore store = StewardStore.open(url, "sa", "")) {
      assertThat(rows(store.dataSource(), "SELECT \"type\" FROM \"steward_store_history\" WHERE \"type\" = 'BASELINE'"))
          .isEmpty();
      ValidateResult validation = StewardStore.flyway(store.dataSource(), Dialect.H2).validateWithResult();
      assertThat(validation.validationSuccessful).as("%s", validation.invalidMigrations).isTrue();

      MigrateResult result = StewardStore.migrate(store.dataSource(), Dialect.H2);
      assertThat(result.migrationsExecuted).isZero();
      assertThat(result.initialSchemaVersion).isEqualTo(StewardStore.LATEST.get(Dialect.H2));
    }
  }

  @Test
  void aNewStoreHasFlywaysSchemaAndHistory() throws SQLException {
    try (StewardStore ours = StewardStore.open("jdbc:h2:file:" + dir.resolve("ours"), "sa", "");
         StewardStore flyways = flywayMigrated(dir.resolve("flyway"))) {
      assertSameSchemaAndHistory(ours, flyways, "\"installed_by\", ");
    }
  }

  @Test
  void aNewStoreOfTheShippedKindIsACopyOfTheBuildsTemplateWithFlywaysSchemaAndHistory() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("copied");
    assertThat(FreshH2Template.copyIfNew(url, "", "")).as("the build made the template").isTrue();
    assertThat(FreshH2Template.copyIfNew(url, "", "")).as("a store that is there is never replaced").isFalse();
    Files.delete(dir.resolve("copied.mv.db"));

    Timestamp before = new Timestamp(System.currentTimeMillis() - 1_000);
    try (StewardStore ours = StewardStore.open(url, "", "");
         StewardStore flyways = flywayMigrated(dir.resolve("flyway"))) {
      assertThat(Files.exists(dir.resolve("copied.mv.db"))).isTrue();
      // installed_by is the user who made each: the empty one here, SA there.
      assertSameSchemaAndHistory(ours, flyways, "");
      assertThat(rows(ours.dataSource(), "SELECT DISTINCT \"installed_by\" = CURRENT_USER,"
          + " \"installed_on\" >= TIMESTAMP '" + before + "' FROM \"steward_store_history\""))
          .as("installed by this store's user, now rather than when the jar was built").containsExactly("TRUE | TRUE");
      ValidateResult validation = StewardStore.flyway(ours.dataSource(), Dialect.H2).validateWithResult();
      assertThat(validation.validationSuccessful).as("%s", validation.invalidMigrations).isTrue();
      assertThat(StewardStore.migrate(ours.dataSource(), Dialect.H2).migrationsExecuted).isZero();
      // and it is a working store
      ours.state("test").put("k", "v");
      assertThat(ours.state("test").get("k")).contains("v");
    }
  }

  @Test
  void onlyANewStoreOfTheShippedKindIsCopied() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("other");
    assertThat(FreshH2Template.copyIfNew(url, "sa", "")).as("another owner").isFalse();
    assertThat(FreshH2Template.copyIfNew(url, "", "secret")).as("a password").isFalse();
    assertThat(FreshH2Template.copyIfNew(url + ";CIPHER=AES", "", "")).as("settings").isFalse();
    assertThat(FreshH2Template.copyIfNew("jdbc:h2:mem:other", "", "")).as("in memory").isFalse();
    assertThat(FreshH2Template.copyIfNew("jdbc:postgresql://127.0.0.1/steward", "", "")).isFalse();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aDatabaseWithOtherTablesStillGoesThroughFlyway() throws SQLException {
    String url = "jdbc:h2:mem:fresh-other;DB_CLOSE_DELAY=-1";
    try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE other_module (id INT PRIMARY KEY)");
      try (StewardStore store = StewardStore.open(url, "sa", "")) {
        assertThat(rows(store.dataSource(), "SELECT \"type\" FROM \"steward_store_history\" WHERE \"type\" = 'BASELINE'"))
            .hasSize(1);
        assertThat(StewardStore.schemaIsCurrent(store.dataSource(), Dialect.H2)).isTrue();
      }
    }
  }

  /**
   * The same tables, columns, indexes and history rows in both stores; {@code alsoCompared} is more history columns
   * (each followed by a comma and a space).
   */
  private static void assertSameSchemaAndHistory(StewardStore ours, StewardStore flyways, String alsoCompared)
      throws SQLException {
    for (String sql : List.of(
        "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, IS_NULLABLE,"
            + " COLUMN_DEFAULT FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA()"
            + " ORDER BY TABLE_NAME, ORDINAL_POSITION",
        "SELECT TABLE_NAME, INDEX_NAME, INDEX_TYPE_NAME FROM INFORMATION_SCHEMA.INDEXES"
            + " WHERE TABLE_SCHEMA = SCHEMA() ORDER BY TABLE_NAME, INDEX_NAME",
        "SELECT \"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", "
            + alsoCompared + "\"success\" FROM \"steward_store_history\" ORDER BY \"installed_rank\"")) {
      List<String> expected = rows(flyways.dataSource(), sql);
      assertThat(expected).as(sql).isNotEmpty();
      assertThat(rows(ours.dataSource(), sql)).as(sql).containsExactlyElementsOf(expected);
    }
  }

  private static StewardStore flywayMigrated(Path file) {
    // A store made by Flyway, as every store was before: create it by Flyway alone, then open it.
    String url = "jdbc:h2:file:" + file;
    try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource()) {
      pool.setJdbcUrl(url);
      pool.setUsername("sa");
      pool.setPassword("");
      StewardStore.migrate(pool, Dialect.H2);
    }
    return StewardStore.open(url, "sa", "");
  }

  private static List<String> rows(DataSource dataSource, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? " | " : "").append(rs.getString(i));
        }
        out.add(row.toString());
      }
    }
    return out;
  }
}

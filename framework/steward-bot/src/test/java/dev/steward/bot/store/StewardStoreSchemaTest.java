package dev.steward.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store whose schema is current opens without Flyway; anything else still goes through it. */
class StewardStoreSchemaTest {
  private static final Pattern VERSION = Pattern.compile("V(\\d+(?:_\\d+)*)__.*\\.sql");

  @TempDir
  Path dir;

  @Test
  void theLatestVersionsAreTheNewestMigrationFiles() throws Exception {
    for (Dialect dialect : Dialect.values()) {
      String vendor = "vendor/" + dialect.name().toLowerCase(Locale.ROOT);
      String newest = Stream.concat(versions("migration"), versions(vendor))
          .max(Comparator.comparing(StewardStoreSchemaTest::parts, StewardStoreSchemaTest::compare)).orElseThrow();

      assertThat(StewardStore.LATEST.get(dialect)).as(dialect.name()).isEqualTo(newest);
    }
  }

  @Test
  void aNewStoreIsNotCurrentAndIsCurrentOnceOpened() {
    String url = "jdbc:h2:file:" + dir.resolve("steward");
    try (StewardStore store = StewardStore.open(url, "sa", "")) {
      assertThat(StewardStore.schemaIsCurrent(store.dataSource(), Dialect.H2)).isTrue();
    }
    try (StewardStore reopened = StewardStore.open(url, "sa", "")) {
      reopened.syncTokens("@bot:test").save("s7");
      assertThat(reopened.syncTokens("@bot:test").load()).contains("s7");
    }
  }

  @Test
  void aHistoryEndingInAFailedOrOlderMigrationIsNotCurrent() throws SQLException {
    String url = "jdbc:h2:file:" + dir.resolve("steward");
    try (StewardStore store = StewardStore.open(url, "sa", "");
         Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
      String newest = StewardStore.LATEST.get(Dialect.H2);
      st.executeUpdate("UPDATE \"steward_store_history\" SET \"success\" = FALSE WHERE \"version\" = '" + newest + "'");
      assertThat(StewardStore.schemaIsCurrent(store.dataSource(), Dialect.H2)).isFalse();

      st.executeUpdate("DELETE FROM \"steward_store_history\" WHERE \"version\" = '" + newest + "'");
      assertThat(StewardStore.schemaIsCurrent(store.dataSource(), Dialect.H2)).isFalse();
    }
  }

  @Test
  void aDatabaseWithoutHistoryIsNotCurrent() {
    try (StewardStore store = StewardStore.open("jdbc:h2:mem:schema-test;DB_CLOSE_DELAY=-1", "sa", "");
         Connection c = store.dataSource().getConnection(); Statement st = c.createStatement()) {
      st.execute("DROP TABLE \"steward_store_history\"");

      assertThat(StewardStore.schemaIsCurrent(store.dataSource(), Dialect.H2)).isFalse();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static Stream<String> versions(String folder) throws IOException, URISyntaxException {
    Path path = Path.of(StewardStore.class.getResource("/dev/steward/bot/store/" + folder).toURI());
    try (Stream<Path> files = Files.list(path)) {
      List<String> out = files.map(f -> VERSION.matcher(f.getFileName().toString())).filter(Matcher::matches)
          .map(m -> m.group(1).replace('_', '.')).toList();
      assertThat(out).as(folder).isNotEmpty();
      return out.stream();
    }
  }

  private static int[] parts(String version) {
    return Stream.of(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      int c = Integer.compare(i < a.length ? a[i] : 0, i < b.length ? b[i] : 0);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}

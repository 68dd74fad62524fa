package dev.steward.bot.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * Creates the store's schema in a new, empty H2 database without Flyway, writing the same history Flyway writes, so
 * that Flyway takes over for later migrations and validates these. Configuring Flyway cost about half a second of a
 * first start (its configuration is deep-copied through Jackson); running seven known scripts costs a few milliseconds.
 * {@code FreshH2SchemaTest} checks the result against Flyway's own on every build: the same tables, columns and
 * indexes, the same history rows, and Flyway's {@code validate()} passing.
 */
final class FreshH2Schema {
  private static final String ROOT = "/dev/steward/bot/store/";
  /** The H2 migrations in the order Flyway runs them (by version across both locations). */
  static final List<String> SCRIPTS = List.of(
      "migration/V1__init.sql",
      "vendor/h2/V2__quartz_tables.sql",
      "migration/V3__handled_event_claims.sql",
      "vendor/h2/V3_1__handled_event_log.sql",
      "vendor/h2/V3_2__handled_event_log_inline.sql",
      "migration/V4__command_log.sql",
      "migration/V5__crypto_store.sql");

  private FreshH2Schema() {}

  /** Whether the connection's schema holds no table, view or sequence yet (what Flyway calls an empty schema). */
  static boolean isEmpty(DataSource dataSource) {
    String sql = "SELECT (SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = SCHEMA())"
        + " + (SELECT COUNT(*) FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_SCHEMA = SCHEMA())";
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(sql)) {
      return rs.next() && rs.getLong(1) == 0;
    } catch (SQLException e) {
      return false; // let Flyway look at it
    }
  }

  /**
   * Runs {@link #SCRIPTS} and records each in {@code historyTable} as Flyway would. A script that fails leaves the
   * history ending at the one before it, so the next start hands the store to Flyway, which reports the failure.
   */
  static void create(DataSource dataSource, String historyTable) {
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      String user;
      try (ResultSet rs = st.executeQuery("SELECT CURRENT_USER")) {
        rs.next();
        user = rs.getString(1);
      }
      // Flyway's H2 history table, its marker row and index, as Flyway 10 writes them.
      st.execute("CREATE TABLE \"" + historyTable + "\" (\n"
          + "    \"installed_rank\" INT NOT NULL,\n"
          + "    \"version\" VARCHAR(50),\n"
          + "    \"description\" VARCHAR(200) NOT NULL,\n"
          + "    \"type\" VARCHAR(20) NOT NULL,\n"
          + "    \"script\" VARCHAR(1000) NOT NULL,\n"
          + "    \"checksum\" INT,\n"
          + "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
          + "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
          + "    \"execution_time\" INT NOT NULL,\n"
          + "    \"success\" BOOLEAN NOT NULL,\n"
          + "    CONSTRAINT \"" + historyTable + "_pk\" PRIMARY KEY (\"installed_rank\")\n"
          + ") AS SELECT -1, NULL, '<< Flyway Schema History table created >>', 'TABLE', '', NULL, '"
          + user.replace("'", "''") + "', CURRENT_TIMESTAMP, 0, TRUE");
      st.execute("CREATE INDEX \"" + historyTable + "_s_idx\" ON \"" + historyTable + "\" (\"success\")");
      String insert = "INSERT INTO \"" + historyTable + "\" (\"installed_rank\", \"version\", \"description\","
          + " \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
          + " VALUES (?, ?, ?, 'SQL', ?, ?, ?, ?, TRUE)";
      try (PreparedStatement history = c.prepareStatement(insert)) {
        int rank = 1;
        for (String script : SCRIPTS) {
          String sql = read(script);
          long start = System.nanoTime();
          st.execute(sql);
          String file = script.substring(script.lastIndexOf('/') + 1);
          String name = file.substring(1, file.length() - ".sql".length());
          int split = name.indexOf("__");
          history.setInt(1, rank++);
          history.setString(2, name.substring(0, split).replace('_', '.'));
          history.setString(3, name.substring(split + 2).replace('_', ' '));
          history.setString(4, file);
          history.setInt(5, checksum(sql));
          history.setString(6, user);
          history.setInt(7, (int) ((System.nanoTime() - start) / 1_000_000));
          history.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw new StoreException("creating the store schema", e);
    }
  }

  static String read(String script) {
    try (InputStream in = FreshH2Schema.class.getResourceAsStream(ROOT + script)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + script);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flyway's checksum of a script: a CRC32 over its lines' UTF-8 bytes, without line breaks or a leading BOM. */
  static int checksum(String sql) {
    CRC32 crc = new CRC32();
    try (BufferedReader lines = new BufferedReader(new StringReader(sql))) {
      String line = lines.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      for (; line != null; line = lines.readLine()) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return (int) crc.getValue();
  }
}

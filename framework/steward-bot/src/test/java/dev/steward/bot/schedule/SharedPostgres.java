package dev.steward.bot.schedule;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The dev PostgreSQL (scripts/dev-postgres.sh), database steward_test, in a schema of the scheduler tests' own so
 * they never meet the store tests' tables. Started by the script when not running; never skipped.
 */
final class SharedPostgres {
  static final String SCHEMA = "steward_sched_it";
  static final String URL = "jdbc:postgresql://127.0.0.1:5432/steward_test?currentSchema=" + SCHEMA;
  static final String USER = "steward";
  static final String PASSWORD = "steward";
  private static final String BASE_URL = "jdbc:postgresql://127.0.0.1:5432/steward_test";
  private static final String SCRIPT = "scripts/dev-postgres.sh";

  private SharedPostgres() {}

  /** Makes sure PostgreSQL answers and the schema exists. */
  static void ensure() throws Exception {
    if (!reachable()) {
      Path root = Path.of(System.getProperty("user.dir")).toAbsolutePath();
      while (root != null && !Files.isRegularFile(root.resolve(SCRIPT))) {
        root = root.getParent();
      }
      if (root == null) {
        fail("PostgreSQL is not reachable and no " + SCRIPT + " was found");
      }
      Process p = new ProcessBuilder("bash", SCRIPT, "start").directory(root.toFile()).inheritIO().start();
      if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
        fail(SCRIPT + " start failed");
      }
    }
    try (Connection c = DriverManager.getConnection(BASE_URL, USER, PASSWORD); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
    }
  }

  /** Empties Quartz's tables (children first) and the tests' effects table, if the migrations made them yet. */
  static void clean() throws SQLException {
    String[] tables = {"steward_qrtz_simple_triggers", "steward_qrtz_cron_triggers", "steward_qrtz_simprop_triggers",
        "steward_qrtz_blob_triggers", "steward_qrtz_triggers", "steward_qrtz_job_details",
        "steward_qrtz_fired_triggers", "steward_qrtz_scheduler_state", "steward_qrtz_locks",
        "steward_qrtz_calendars", "steward_qrtz_paused_trigger_grps", "sched_effect"};
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
      for (String t : tables) {
        // Absent on the first run, before any migration made them.
        if (c.getMetaData().getTables(null, SCHEMA, t, null).next()) {
          s.execute("DELETE FROM " + t);
        }
      }
    }
  }

  private static boolean reachable() {
    try (Connection ignored = DriverManager.getConnection(BASE_URL, USER, PASSWORD)) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }
}

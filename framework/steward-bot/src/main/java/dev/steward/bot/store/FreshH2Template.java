package dev.steward.bot.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.h2.engine.Constants;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A new H2 store copied from a database made when the module was built, instead of created statement by statement:
 * the build runs {@link FreshH2Schema} once ({@link #main}) and ships the file, so a bot's first start opens a store
 * that already has its schema and history. Running the migrations in a fresh JVM took 0.1–0.2 s of every first
 * start, H2 still cold; opening the copy costs what a restart's open costs.
 *
 * <p>Only the shipped default takes the copy: an H2 file URL with no settings, the empty user and password (the
 * database's owner is the user that created it), no file there yet, and the H2 version the file was made with. Any
 * other store is created as before. The history's {@code installed_on} is set to the moment of the copy.
 */
final class FreshH2Template {
  private static final String FILE = "/dev/steward/bot/store/fresh-h2.mv.db";
  /** The H2 version that wrote {@link #FILE}: another version's file format is not assumed. */
  private static final String VERSION = "/dev/steward/bot/store/fresh-h2.version";

  private FreshH2Template() {}

  /** Build step: writes the template into {@code args[0]} (a resources folder), replacing one that is there. */
  public static void main(String[] args) throws Exception {
    Path folder = Path.of(args[0]).resolve(FILE.substring(1)).getParent();
    Files.createDirectories(folder);
    Path database = folder.resolve("fresh-h2");
    Files.deleteIfExists(folder.resolve("fresh-h2.mv.db"));
    Files.deleteIfExists(folder.resolve("fresh-h2.trace.db"));
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:file:" + database.toAbsolutePath());
    dataSource.setUser("");
    dataSource.setPassword("");
    FreshH2Schema.create(dataSource, StewardStore.HISTORY_TABLE);
    try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
      st.execute("SHUTDOWN COMPACT");
    }
    Files.writeString(folder.resolve("fresh-h2.version"), Constants.FULL_VERSION, StandardCharsets.UTF_8);
  }

  /**
   * Copies the template to {@code jdbcUrl}'s file when the store is a new one of the shipped default kind (see the
   * class comment). Returns whether it did; false leaves everything as it was. Two processes starting on the same
   * new store at once: one copy wins, the other finds it there.
   */
  static boolean copyIfNew(String jdbcUrl, String username, String password) {
    if (!username.isEmpty() || !password.isEmpty() || jdbcUrl.indexOf(';') >= 0) {
      return false;
    }
    Optional<Path> database = JdbcUrls.h2File(jdbcUrl);
    if (database.isEmpty() || !madeByThisH2()) {
      return false;
    }
    Path target = Path.of(database.get() + ".mv.db");
    if (Files.exists(target) || Files.exists(Path.of(database.get() + ".h2.db"))) {
      return false;
    }
    Path part = null;
    try (InputStream in = FreshH2Template.class.getResourceAsStream(FILE)) {
      if (in == null) {
        return false;
      }
      part = Files.createTempFile(target.toAbsolutePath().getParent(), ".steward-new-", ".part");
      Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      part = null;
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("copying a new store to " + target, e);
    } finally {
      if (part != null) {
        try {
          Files.deleteIfExists(part);
        } catch (IOException ignored) {
          // a temporary file left beside the store is harmless
        }
      }
    }
  }

  /** Sets the history's time of installation to now: the migrations were run when the template was built. */
  static void stampHistory(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE \"" + StewardStore.HISTORY_TABLE + "\" SET \"installed_on\" = CURRENT_TIMESTAMP");
    }
  }

  private static boolean madeByThisH2() {
    try (InputStream in = FreshH2Template.class.getResourceAsStream(VERSION)) {
      return in != null && new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().equals(Constants.FULL_VERSION);
    } catch (IOException e) {
      return false;
    }
  }
}

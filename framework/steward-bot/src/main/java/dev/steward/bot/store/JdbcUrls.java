package dev.steward.bot.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the store needs to know about a JDBC URL without connecting: its scheme, a printable form, an H2 file. */
final class JdbcUrls {
  private static final Pattern SCHEME = Pattern.compile("^(?:jdbc:)?[A-Za-z][A-Za-z0-9+.\\-]*");
  // password=... as a query parameter (PostgreSQL) or a ;-setting (H2), and user:password@ in an authority.
  private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//[^/?#@]*@");
  // H2 prefixes for databases that are not plain files (mem:, tcp:, ssl:, zip:, nio:, …); one letter is a drive.
  private static final Pattern H2_NON_FILE = Pattern.compile("^[A-Za-z][A-Za-z0-9]+:.*");

  private JdbcUrls() {}

  /** The URL's scheme, such as {@code jdbc:mysql}: enough to say what was refused, never a credential. */
  static String scheme(String url) {
    Matcher m = SCHEME.matcher(url);
    return m.find() ? m.group() : "(none)";
  }

  /** The URL with any password replaced by {@code ***}, fit for messages and logs. */
  static String redact(String url) {
    String noSetting = PASSWORD_SETTING.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(noSetting).replaceAll("//***@");
  }

  /**
   * The URL, for H2 with {@code DB_CLOSE_ON_EXIT=FALSE} unless it says otherwise: H2's own shutdown hook would close
   * the database while the bot, stopping on SIGTERM, still records the events it handled, and those would then be
   * handled again after the restart. The store closes the database itself when the bot stops.
   */
  static String closedByOwner(String url) {
    if (!url.startsWith("jdbc:h2:") || url.toUpperCase(Locale.ROOT).contains(";DB_CLOSE_ON_EXIT=")) {
      return url;
    }
    return url + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  /**
   * The database path of an H2 file URL ({@code jdbc:h2:./data/bot}, {@code jdbc:h2:file:~/bot}); H2 adds
   * {@code .mv.db} to it. Empty for in-memory and server URLs.
   */
  static Optional<Path> h2File(String url) {
    if (!url.startsWith("jdbc:h2:")) {
      return Optional.empty();
    }
    String rest = url.substring("jdbc:h2:".length());
    int settings = rest.indexOf(';');
    if (settings >= 0) {
      rest = rest.substring(0, settings);
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    } else if (H2_NON_FILE.matcher(rest).matches()) {
      return Optional.empty();
    }
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    if (rest.startsWith("~")) {
      rest = System.getProperty("user.home") + rest.substring(1);
    }
    return Optional.of(Path.of(rest));
  }
}

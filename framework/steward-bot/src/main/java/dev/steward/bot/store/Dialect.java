package dev.steward.bot.store;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** The two databases the store supports, and the one statement they spell differently: the upsert. */
enum Dialect {
  H2("jdbc:h2:", "org.h2.Driver") {
    @Override
    String upsert(String table, List<String> keys, List<String> values) {
      // H2 has no ON CONFLICT outside its PostgreSQL mode; MERGE ... KEY is its native upsert.
      return "MERGE INTO " + table + " (" + columns(keys, values) + ", updated_at) KEY (" + String.join(", ", keys)
          + ") VALUES (" + placeholders(keys.size() + values.size()) + ", CURRENT_TIMESTAMP)";
    }
  },
  POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver") {
    @Override
    String upsert(String table, List<String> keys, List<String> values) {
      String updates = values.stream().map(v -> v + " = EXCLUDED." + v).collect(Collectors.joining(", "));
      return "INSERT INTO " + table + " (" + columns(keys, values) + ", updated_at) VALUES ("
          + placeholders(keys.size() + values.size()) + ", CURRENT_TIMESTAMP) ON CONFLICT (" + String.join(", ", keys)
          + ") DO UPDATE SET " + updates + ", updated_at = EXCLUDED.updated_at";
    }
  };

  private final String urlPrefix;
  private final String driverClass;

  Dialect(String urlPrefix, String driverClass) {
    this.urlPrefix = urlPrefix;
    this.driverClass = driverClass;
  }

  /** The dialect of a JDBC URL; anything but H2 and PostgreSQL is refused, naming only the URL's scheme. */
  static Dialect of(String jdbcUrl) {
    for (Dialect dialect : values()) {
      if (jdbcUrl.startsWith(dialect.urlPrefix)) {
        return dialect;
      }
    }
    throw new IllegalArgumentException("unsupported database URL scheme '" + JdbcUrls.scheme(jdbcUrl)
        + "': the store works with jdbc:h2: and jdbc:postgresql: URLs");
  }

  /** The driver, named explicitly because a shaded jar may lose the drivers' service files. */
  String driverClass() {
    return driverClass;
  }

  /**
   * An insert-or-update of one row: parameters are the keys then the values, in order; updated_at is set to now.
   */
  abstract String upsert(String table, List<String> keys, List<String> values);

  private static String columns(List<String> keys, List<String> values) {
    return String.join(", ", keys) + ", " + String.join(", ", values);
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}

package dev.steward.bot.config;

import java.util.Collection;
import java.util.Locale;

/** Key names and paths: snake_case for YAML, camelCase for records, dotted paths for messages. */
final class Keys {
  private Keys() {}

  /** {@code replayOnFirstStart} → {@code replay_on_first_start}; {@code httpURL} → {@code http_url}. */
  static String snakeCase(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        char prev = camel.charAt(i - 1);
        boolean nextLower = i + 1 < camel.length() && Character.isLowerCase(camel.charAt(i + 1));
        if (!Character.isUpperCase(prev) || nextLower) {
          out.append('_');
        }
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString();
  }

  static String join(String path, String key) {
    if (path.isEmpty()) {
      return key;
    }
    return key.isEmpty() ? path : path + "." + key;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  /** How a message names a mapping: {@code 'auth'}, or {@code the top level}. */
  static String where(String path) {
    return path.isEmpty() ? "the top level" : "'" + path + "'";
  }

  /** The known key a typo most likely meant, or null when none is close. */
  static String closest(String unknown, Collection<String> known) {
    String plain = unknown.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      if (k.replace("_", "").equals(plain)) {
        return k;
      }
      int d = distance(unknown.toLowerCase(Locale.ROOT), k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Optimal string alignment distance, so that a swapped pair of letters counts as one typo. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}

package dev.steward.bot.internal.command;

import java.lang.reflect.Method;
import java.util.Locale;

/** Small string helpers shared by the lexer, converters and messages. */
public final class Text {
  /** Longest piece of user input echoed back in a message; a 100 KB token must not become a 100 KB reply. */
  static final int MAX_QUOTED = 60;

  private Text() {}

  /** Any Unicode white space, including no-break spaces that {@link Character#isWhitespace} leaves out. */
  public static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  static int skipSpace(String s, int from) {
    int i = from;
    while (i < s.length() && isSpace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static int trimEnd(String s, int from) {
    int end = s.length();
    while (end > from && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  /**
   * Whether the text holds a control character (other than tab and newline) or an invisible format character:
   * zero-width spaces and joiners, word joiner, BOM, bidi marks, embeddings, overrides and isolates.
   */
  static boolean hasInvisible(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isInvisible(c) && c != '\t' && c != '\n') {
        return true;
      }
    }
    return false;
  }

  private static boolean isInvisible(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT;
  }

  /** User input in single quotes, shortened, with invisible characters spelled out so a reply cannot hide them. */
  public static String quote(String s) {
    return "'" + visible(s, MAX_QUOTED) + "'";
  }

  static String visible(String s, int max) {
    StringBuilder out = new StringBuilder();
    int n = Math.min(s.length(), max);
    if (n < s.length() && n > 0 && Character.isHighSurrogate(s.charAt(n - 1))) {
      n--;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (isInvisible(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    if (n < s.length()) {
      out.append('…');
    }
    return out.toString();
  }

  /** {@code targetUser} → {@code target-user}, {@code HTTPServer} → {@code http-server}. */
  static String kebab(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_') {
        out.append('-');
        continue;
      }
      if (Character.isUpperCase(c) && i > 0) {
        char prev = name.charAt(i - 1);
        boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        if (Character.isLowerCase(prev) || Character.isDigit(prev) || (Character.isUpperCase(prev) && nextLower)) {
          out.append('-');
        }
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7e) {
        return false;
      }
    }
    return true;
  }

  static String describe(Method method) {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName();
  }
}

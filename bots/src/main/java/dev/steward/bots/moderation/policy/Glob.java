package dev.steward.bots.moderation.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Matrix glob as ban lists and moderators write them: {@code *} matches any run of characters, {@code ?} one
 * character, everything else itself. Matching ignores case (user ids and server names alike), so changing case does
 * not slip past a rule.
 */
public final class Glob {
  private final String text;
  private final Pattern pattern;

  private Glob(String text) {
    this.text = text;
    this.pattern = Pattern.compile(regex(normalise(text)), Pattern.DOTALL);
  }

  /** Compiles {@code glob}. */
  public static Glob of(String glob) {
    return new Glob(Objects.requireNonNull(glob, "glob"));
  }

  /** Whether {@code s} has a wildcard in it. */
  public static boolean isGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0;
  }

  /** The form rules and candidates are compared in: lower case, locale-independent. */
  public static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Whether the whole of {@code s} matches. */
  public boolean matches(String s) {
    return pattern.matcher(normalise(s)).matches();
  }

  /** The glob as written. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }

  private static String regex(String glob) {
    StringBuilder out = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?') {
        if (!literal.isEmpty()) {
          out.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        out.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (!literal.isEmpty()) {
      out.append(Pattern.quote(literal.toString()));
    }
    return out.toString();
  }
}

package dev.steward.bot.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in string values with environment variables.
 *
 * <p>As in a shell, the default also applies when the variable is set but empty, and {@code $${} writes a literal
 * {@code ${}. Only values are substituted, never keys, so the shape of the file cannot depend on the environment.
 */
final class EnvSubstitution {
  /** Stands in for a value whose substitution failed; the binder skips it because the problem is already reported. */
  static final Object UNRESOLVED = new Object() {
    @Override
    public String toString() {
      return "<unresolved>";
    }
  };

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // Anchors and aliases can make a tree refer to itself; no honest config nests this deep.
  private static final int MAX_DEPTH = 64;

  private final Function<String, String> env;
  private final Problems problems;

  private EnvSubstitution(Function<String, String> env, Problems problems) {
    this.env = env;
    this.problems = problems;
  }

  /** A copy of {@code tree} with every string value substituted; failures become {@link #UNRESOLVED}. */
  static Object apply(Object tree, Function<String, String> env, Problems problems) {
    return new EnvSubstitution(env, problems).walk(tree, "", 0);
  }

  private Object walk(Object node, String path, int depth) {
    if (depth > MAX_DEPTH) {
      problems.add(path, "nested more than " + MAX_DEPTH + " levels deep (an alias that refers to itself?)");
      return UNRESOLVED;
    }
    if (node instanceof String s) {
      return substitute(s, path);
    }
    if (node instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, walk(v, Keys.join(path, String.valueOf(k)), depth + 1)));
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(walk(list.get(i), Keys.index(path, i), depth + 1));
      }
      return out;
    }
    return node;
  }

  private Object substitute(String text, String path) {
    if (!text.contains("${")) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean failed = false;
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          problems.add(path, "'${' has no closing '}'; write '$${' for a literal '${'");
          return UNRESOLVED;
        }
        String value = variable(text.substring(i + 2, close), path);
        failed |= value == null;
        out.append(value == null ? "" : value);
        i = close + 1;
      } else {
        out.append(text.charAt(i++));
      }
    }
    return failed ? UNRESOLVED : out.toString();
  }

  /** The value of {@code NAME} or {@code NAME:-default}, or null after reporting why there is none. */
  private String variable(String expression, String path) {
    int sep = expression.indexOf(":-");
    String name = sep < 0 ? expression : expression.substring(0, sep);
    if (!NAME.matcher(name).matches()) {
      problems.add(path, "'${" + expression + "}' does not name an environment variable; "
          + "names are letters, digits and '_'");
      return null;
    }
    String value = env.apply(name);
    if (sep >= 0 && (value == null || value.isEmpty())) {
      return expression.substring(sep + 2);
    }
    if (value == null) {
      problems.add(path, "environment variable " + name + " is not set");
    }
    return value;
  }
}

package dev.steward.bot.config;

import dev.steward.client.EventId;
import dev.steward.client.RoomAlias;
import dev.steward.client.RoomId;
import dev.steward.client.ServerName;
import dev.steward.client.UserId;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Converts one YAML scalar to a Java value, or throws {@link BadValue} saying what was expected and what was found.
 *
 * <p>Numbers and booleans are also accepted as strings, because a value substituted from the environment is always
 * a string ({@code handler_threads: ${THREADS:-4}}).
 */
final class Scalars {
  private static final Pattern WHOLE = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");
  private static final String DURATION_FORMS = "a duration such as " + Durations.EXAMPLES;

  /** Matrix identifiers: the kind names what their own exceptions call them, so the prefix can be stripped. */
  private record Id(String kind, Function<String, ?> parse) {}

  private static final Map<Class<?>, Id> IDS = Map.of(
      UserId.class, new Id("user id", UserId::of),
      RoomId.class, new Id("room id", RoomId::of),
      RoomAlias.class, new Id("room alias", RoomAlias::of),
      EventId.class, new Id("event id", EventId::of),
      ServerName.class, new Id("server name", ServerName::of));

  private static final List<Class<?>> OTHERS = List.of(String.class, int.class, Integer.class, long.class,
      Long.class, boolean.class, Boolean.class, double.class, Double.class, Duration.class, Path.class, URI.class);

  private Scalars() {}

  static boolean supports(Class<?> type) {
    return type.isEnum() || IDS.containsKey(type) || OTHERS.contains(type);
  }

  static Object convert(Object node, Class<?> type) {
    if (type == String.class) {
      return string(node);
    }
    if (type == int.class || type == Integer.class) {
      return whole(node, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
    }
    if (type == long.class || type == Long.class) {
      return whole(node, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }
    if (type == boolean.class || type == Boolean.class) {
      return bool(node);
    }
    if (type == double.class || type == Double.class) {
      return decimal(node);
    }
    if (type == Duration.class) {
      return duration(text(node, DURATION_FORMS));
    }
    if (type == Path.class) {
      return path(text(node, "a file path"));
    }
    if (type == URI.class) {
      return uri(text(node, "a URL"));
    }
    if (type.isEnum()) {
      return constant(node, type);
    }
    Id id = IDS.get(type);
    if (id != null) {
      return id(text(node, "a " + id.kind()), id);
    }
    throw new IllegalArgumentException("not a scalar type: " + type.getName());
  }

  /** How a message shows what was found; strings are quoted, containers named. */
  static String describe(Object node) {
    if (node == null) {
      return "nothing";
    }
    if (node instanceof String s) {
      return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
    }
    if (node instanceof Number || node instanceof Boolean) {
      return node.toString();
    }
    if (node instanceof Map) {
      return "a mapping";
    }
    if (node instanceof List) {
      return "a list";
    }
    if (node instanceof byte[]) {
      return "binary data";
    }
    return "a " + node.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static String string(Object node) {
    if (node instanceof String s) {
      return s;
    }
    // The value is not quoted back: a mistyped secret must not end up in a log.
    if (node instanceof Number || node instanceof Boolean) {
      String kind = node instanceof Number ? "a number" : "true or false";
      return fail("expected a string, found " + kind + "; put the value in quotes");
    }
    return fail("expected a string, found " + describe(node));
  }

  private static String text(Object node, String expected) {
    if (node instanceof String s) {
      return s.trim();
    }
    return fail("expected " + expected + ", found " + describe(node));
  }

  private static BigInteger whole(Object node, BigInteger min, BigInteger max) {
    BigInteger value;
    if (node instanceof Integer || node instanceof Long || node instanceof Short || node instanceof Byte) {
      value = BigInteger.valueOf(((Number) node).longValue());
    } else if (node instanceof BigInteger b) {
      value = b;
    } else if (node instanceof String s && WHOLE.matcher(s.trim()).matches()) {
      value = new BigInteger(s.trim());
    } else {
      return fail("expected a whole number, found " + describe(node));
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      return fail("expected a whole number from " + min + " to " + max + ", found " + value);
    }
    return value;
  }

  private static boolean bool(Object node) {
    if (node instanceof Boolean b) {
      return b;
    }
    // Only true/false: yes/no/on/off are YAML 1.1 surprises (the "Norway problem") we do not want in a config.
    if (node instanceof String s && (s.trim().equalsIgnoreCase("true") || s.trim().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s.trim());
    }
    return fail("expected true or false, found " + describe(node));
  }

  private static double decimal(Object node) {
    if (node instanceof Number n) {
      return n.doubleValue();
    }
    if (node instanceof String s && DECIMAL.matcher(s.trim()).matches()) {
      return Double.parseDouble(s.trim());
    }
    return fail("expected a number, found " + describe(node));
  }

  /** The shared syntax of {@link Durations}; a config value may be zero but never negative. */
  static Duration duration(String text) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      return fail("expected " + DURATION_FORMS + ", found " + describe(text));
    } catch (ArithmeticException e) {
      return fail("duration " + describe(text) + " is too long");
    }
    return d.isNegative() ? fail("expected a duration that is not negative, found " + describe(text)) : d;
  }

  private static Path path(String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      return fail("'" + text + "' is not a valid file path: " + e.getReason());
    }
  }

  private static URI uri(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      return fail("'" + text + "' is not a valid URL: " + e.getReason());
    }
  }

  private static Object constant(Object node, Class<?> type) {
    Object[] constants = type.getEnumConstants();
    if (node instanceof String s) {
      for (Object c : constants) {
        if (((Enum<?>) c).name().equalsIgnoreCase(s.trim())) {
          return c;
        }
      }
    }
    String allowed = Arrays.stream(constants)
        .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
    return fail("expected one of " + allowed + ", found " + describe(node));
  }

  private static Object id(String text, Id id) {
    try {
      return id.parse().apply(text);
    } catch (IllegalArgumentException e) {
      // The client says "invalid user id '@bot': why"; say it the way a config reader asks the question.
      String why = String.valueOf(e.getMessage());
      String prefix = "invalid " + id.kind() + " '" + text + "': ";
      if (why.startsWith(prefix)) {
        why = why.substring(prefix.length());
      }
      return fail("'" + text + "' is not a valid " + id.kind() + ": " + why);
    }
  }

  private static <T> T fail(String message) {
    throw new BadValue(message);
  }
}

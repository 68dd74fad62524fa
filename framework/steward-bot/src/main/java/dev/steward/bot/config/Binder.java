package dev.steward.bot.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Walks a loaded YAML tree against a record type, collecting every problem rather than stopping at the first.
 *
 * <p>A subtree that failed yields {@link #FAILED}; its parent then skips construction, so a record constructor
 * never sees a half-bound value, while its siblings are still checked.
 */
final class Binder {
  static final Object FAILED = new Object();

  private final Problems problems;

  Binder(Problems problems) {
    this.problems = problems;
  }

  /** Binds a present value; {@code node} may be null only where an empty mapping is meant. */
  Object bind(Object node, Type type, String path) {
    if (node == EnvSubstitution.UNRESOLVED) {
      return FAILED; // already reported by the substitution
    }
    Class<?> raw = raw(type);
    if (isValue(raw) && raw.isInstance(node)) {
      // Already the wanted type, built in code (StewardConfig.builder(), a bot section map): checked when made.
      return node;
    }
    if (raw == Optional.class) {
      Object inner = bind(node, argument(type, 0, path), path);
      return inner == FAILED ? FAILED : Optional.of(inner);
    }
    if (raw == List.class) {
      return list(node, argument(type, 0, path), path);
    }
    if (raw == Map.class) {
      if (argument(type, 0, path) != String.class) {
        // YAML allows number keys, but a key path and a person both read keys as text.
        throw new IllegalArgumentException("config maps need String keys, at '" + path + "': " + type);
      }
      return map(node, argument(type, 1, path), path);
    }
    if (raw == Object.class) {
      return node;
    }
    if (Scalars.supports(raw)) {
      try {
        return Scalars.convert(node, raw);
      } catch (BadValue e) {
        problems.add(path, e.getMessage());
        return FAILED;
      }
    }
    if (raw.isRecord() && raw != BotSection.class) {
      return record(node == null ? Map.of() : node, raw, path);
    }
    throw new IllegalArgumentException("unsupported config type " + type.getTypeName() + " at '" + path + "'");
  }

  /** Types whose values are taken as they are when already built: not containers, which still bind their items. */
  private static boolean isValue(Class<?> raw) {
    return raw != Optional.class && raw != List.class && raw != Map.class && raw != Object.class;
  }

  private Object list(Object node, Type element, String path) {
    if (!(node instanceof List<?> items)) {
      problems.add(path, "expected a list, found " + Scalars.describe(node));
      return FAILED;
    }
    List<Object> out = new ArrayList<>(items.size());
    boolean failed = false;
    for (int i = 0; i < items.size(); i++) {
      Object value = present(items.get(i), element, Keys.index(path, i));
      failed |= value == FAILED;
      out.add(value);
    }
    return failed ? FAILED : Collections.unmodifiableList(out);
  }

  private Object map(Object node, Type valueType, String path) {
    if (!(node instanceof Map<?, ?> entries)) {
      problems.add(path, "expected a mapping, found " + Scalars.describe(node));
      return FAILED;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    boolean failed = false;
    for (Map.Entry<?, ?> e : entries.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        problems.add(Keys.join(path, String.valueOf(e.getKey())),
            "expected a text key, found " + Scalars.describe(e.getKey()));
        failed = true;
        continue;
      }
      String at = Keys.join(path, key);
      Object value = valueType == BotSection.class ? botSection(key, e.getValue(), at)
          : present(e.getValue(), valueType, at);
      failed |= value == FAILED;
      out.put(key, value);
    }
    // Keeps file order, which is the order a person reads and a bot list is started in.
    return failed ? FAILED : Collections.unmodifiableMap(out);
  }

  /** A list item or map value must not be null; YAML {@code - } with nothing after it is a typo. */
  private Object present(Object node, Type type, String path) {
    if (node == null) {
      problems.add(path, "expected a value, found nothing");
      return FAILED;
    }
    return bind(node, type, path);
  }

  private Object botSection(String name, Object node, String path) {
    if (node == null) {
      return new BotSection(name, true, Map.of());
    }
    if (!(node instanceof Map<?, ?> entries)) {
      problems.add(path, "expected a mapping of settings, found " + Scalars.describe(node));
      return FAILED;
    }
    Object enabled = entries.get("enabled");
    Object on = enabled == null ? Boolean.TRUE : bind(enabled, boolean.class, Keys.join(path, "enabled"));
    if (on == FAILED) {
      return FAILED;
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    entries.forEach((k, v) -> settings.put(String.valueOf(k), v));
    settings.remove("enabled");
    return new BotSection(name, (Boolean) on, settings);
  }

  private Object record(Object node, Class<?> type, String path) {
    if (!(node instanceof Map<?, ?> entries)) {
      problems.add(path, "expected a mapping of keys, found " + Scalars.describe(node));
      return FAILED;
    }
    RecordComponent[] components = type.getRecordComponents();
    Map<String, RecordComponent> byKey = new TreeMap<>();
    for (RecordComponent c : components) {
      byKey.put(Keys.snakeCase(c.getName()), c);
    }
    for (Object key : entries.keySet()) {
      if (!(key instanceof String k) || !byKey.containsKey(k)) {
        unknownKey(String.valueOf(key), byKey.keySet(), path);
      }
    }
    Object defaults = defaults(type);
    Object[] args = new Object[components.length];
    boolean failed = false;
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      String key = Keys.snakeCase(c.getName());
      Object value = entries.get(key);
      args[i] = value == null ? missing(c, defaults, entries.containsKey(key), Keys.join(path, key))
          : bind(value, c.getGenericType(), Keys.join(path, key));
      failed |= args[i] == FAILED;
    }
    return failed ? FAILED : construct(type, components, args, path);
  }

  private void unknownKey(String key, Iterable<String> known, String path) {
    List<String> names = new ArrayList<>();
    known.forEach(names::add);
    String message = "unknown key '" + key + "' at " + Keys.where(path) + "; known keys: " + String.join(", ", names);
    String guess = Keys.closest(key, names);
    problems.add(Keys.join(path, key), guess == null ? message : message + "; did you mean '" + guess + "'?");
  }

  /** A missing or empty key: a declared default, an empty container, a default section, or a problem. */
  private Object missing(RecordComponent c, Object defaults, boolean presentButEmpty, String path) {
    ConfigDefault declared = c.getAnnotation(ConfigDefault.class);
    if (declared != null) {
      Problems own = new Problems();
      Object value = new Binder(own).bind(declared.value(), c.getGenericType(), path);
      if (value == FAILED) {
        throw new IllegalStateException("bad @ConfigDefault on " + c + ": " + own.list());
      }
      return value;
    }
    if (defaults != null) {
      Object value = invoke(c.getAccessor(), defaults);
      if (value != null) {
        return value;
      }
    }
    Class<?> raw = raw(c.getGenericType());
    if (raw == Optional.class) {
      return Optional.empty();
    }
    if (raw == List.class) {
      return List.of();
    }
    if (raw == Map.class) {
      return Map.of();
    }
    Object section = raw.isRecord() ? defaults(raw) : null;
    if (section != null) {
      return section;
    }
    String key = path.substring(path.lastIndexOf('.') + 1);
    problems.add(path, presentButEmpty ? "required key '" + key + "' has no value"
        : "required key '" + key + "' is missing");
    return FAILED;
  }

  private Object construct(Class<?> type, RecordComponent[] components, Object[] args, String path) {
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
    }
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true); // bot authors' settings records are often package-private
      return canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException ce) {
        problems.addAll(path, ce);
      } else if (cause instanceof IllegalArgumentException) {
        problems.add(path, String.valueOf(cause.getMessage()));
      } else {
        throw new IllegalStateException("cannot construct " + type.getName() + " at '" + path + "'", cause);
      }
      return FAILED;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName() + " at '" + path + "'", e);
    }
  }

  /** The record's static {@code defaults()} instance, or null when it declares none. */
  static Object defaults(Class<?> type) {
    Method m;
    try {
      m = type.getDeclaredMethod("defaults");
    } catch (NoSuchMethodException e) {
      return null;
    }
    if (!Modifier.isStatic(m.getModifiers()) || m.getReturnType() != type) {
      return null;
    }
    return invoke(m, null);
  }

  private static Object invoke(Method m, Object target) {
    try {
      m.setAccessible(true);
      return m.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot call " + m, e);
    }
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (type instanceof WildcardType w) {
      return raw(w.getUpperBounds()[0]);
    }
    throw new IllegalArgumentException("unsupported config type " + type.getTypeName());
  }

  private static Type argument(Type type, int index, String path) {
    if (!(type instanceof ParameterizedType p)) {
      throw new IllegalArgumentException("config type at '" + path + "' needs type arguments: " + type);
    }
    Type arg = p.getActualTypeArguments()[index];
    return arg instanceof WildcardType w ? w.getUpperBounds()[0] : arg;
  }
}

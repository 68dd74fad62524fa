package dev.steward.bot.command;

import dev.steward.bot.internal.command.StandardConverters;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The converters from command tokens to Java parameter types: the standard ones (String, int, long, double,
 * boolean, any enum, Duration, UserId, RoomId, RoomAlias, RoomRef) plus any a bot registers for its own types.
 */
public final class ArgumentConverters {
  private static final Map<Class<?>, Class<?>> BOXES = Map.of(
      int.class, Integer.class, long.class, Long.class, double.class, Double.class, boolean.class, Boolean.class,
      short.class, Short.class, byte.class, Byte.class, float.class, Float.class, char.class, Character.class);

  private final Map<Class<?>, ArgumentConverter<?>> converters = new ConcurrentHashMap<>();

  private ArgumentConverters() {}

  /** A new registry holding the standard converters, ready for {@link #register}. */
  public static ArgumentConverters defaults() {
    ArgumentConverters registry = new ArgumentConverters();
    StandardConverters.registerAll(registry);
    return registry;
  }

  /** Adds or replaces the converter for {@code type}; a primitive type and its box share one converter. */
  public <T> ArgumentConverters register(Class<T> type, ArgumentConverter<T> converter) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(converter, "converter");
    converters.put(box(type), converter);
    return this;
  }

  /** Whether tokens can be converted to {@code type}. */
  public boolean supports(Class<?> type) {
    return find(type).isPresent();
  }

  /** The converter for {@code type}: a registered one, else the standard one for enums. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public <T> Optional<ArgumentConverter<T>> find(Class<T> type) {
    Objects.requireNonNull(type, "type");
    ArgumentConverter<?> registered = converters.get(box(type));
    if (registered != null) {
      return Optional.of((ArgumentConverter<T>) registered);
    }
    if (type.isEnum()) {
      Class<? extends Enum> enumType = (Class<? extends Enum>) type;
      return Optional.of((token, ctx) -> (T) StandardConverters.enumValue(enumType, token));
    }
    return Optional.empty();
  }

  private static Class<?> box(Class<?> type) {
    return BOXES.getOrDefault(type, type);
  }
}

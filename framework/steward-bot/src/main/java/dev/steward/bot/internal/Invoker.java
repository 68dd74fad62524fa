package dev.steward.bot.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A bot method with the source of each of its parameters worked out once, at registration, so that a call does no
 * reflection beyond the call itself. Event handlers and scheduled methods both resolve their parameters here; only
 * what each may be given differs ({@link Supply}).
 *
 * @param <S> what one call's parameter values are taken from (an event's invocation, or the client for a job)
 */
public final class Invoker<S> {
  private final Object bean;
  private final Method method;
  private final Value<S>[] sources;

  /**
   * One kind of parameter a method may declare.
   *
   * @param name what it is, for the error that lists what a method may take
   * @param accepts whether the parameter at this index and of this type is filled by this supply
   * @param value the value for one call
   */
  public record Supply<S>(String name, Accepts accepts, Value<S> value) {
    /** Fills parameters of exactly {@code type}. */
    public static <S> Supply<S> of(Class<?> type, Function<S, Object> value) {
      return new Supply<>(type.getSimpleName(), (i, t) -> t == type, (s, i) -> value.apply(s));
    }
  }

  /** A parameter's value for one call, from the call's source and the parameter's index. */
  @FunctionalInterface
  public interface Value<S> {
    Object get(S source, int index);
  }

  /** Whether a parameter, by its index and declared type, is filled by a {@link Supply}. */
  @FunctionalInterface
  public interface Accepts {
    boolean test(int index, Class<?> type);
  }

  /**
   * Resolves {@code method}'s parameters against {@code supplies}, the first that accepts each winning.
   *
   * @param what the method as errors name it, e.g. {@code @OnMessage handler EchoBot.echo}
   * @param hint what the error adds after the list of what the method may take, or ""
   * @throws IllegalArgumentException naming the method and the parameter that none of the supplies fills
   */
  @SuppressWarnings("unchecked")
  public Invoker(Object bean, Method method, String what, List<Supply<S>> supplies, String hint) {
    this.bean = Objects.requireNonNull(bean, "bean");
    this.method = Objects.requireNonNull(method, "method");
    method.setAccessible(true);
    Parameter[] params = method.getParameters();
    sources = new Value[params.length];
    for (int i = 0; i < params.length; i++) {
      Class<?> t = params[i].getType();
      for (Supply<S> s : supplies) {
        if (s.accepts().test(i, t)) {
          sources[i] = s.value();
          break;
        }
      }
      if (sources[i] == null) {
        throw new IllegalArgumentException(what + ": parameter " + (i + 1) + " (" + t.getSimpleName() + " "
            + params[i].getName() + ") cannot be supplied; it may take "
            + supplies.stream().map(Supply::name).distinct().collect(Collectors.joining(", ")) + hint);
      }
    }
  }

  public Method method() {
    return method;
  }

  /** Calls the method with values from {@code source}; what the method throws comes out unwrapped. */
  public void invoke(S source) throws Throwable {
    Object[] args = new Object[sources.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = sources[i].get(source, i);
    }
    try {
      method.invoke(bean, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

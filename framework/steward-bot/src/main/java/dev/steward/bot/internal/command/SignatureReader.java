package dev.steward.bot.internal.command;

import dev.steward.bot.annotation.Arg;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.command.ParseContext;
import dev.steward.client.UserId;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Builds a {@link CommandSignature} from a method, refusing declarations that could not be parsed. */
final class SignatureReader {
  static final String DEFAULT_PREFIX = "!";

  private SignatureReader() {}

  static CommandSignature read(Method method, ArgumentConverters converters, Predicate<Class<?>> isInjectable) {
    Command command = method.getAnnotation(Command.class);
    if (command == null) {
      throw fail(method, "is not annotated with @Command");
    }
    String name = commandName(method, command.value());
    Set<String> aliases = new LinkedHashSet<>();
    for (String alias : command.aliases()) {
      String a = commandName(method, alias);
      if (!a.equalsIgnoreCase(name)) {
        aliases.add(a);
      }
    }
    List<UserId> allowUsers = new ArrayList<>();
    for (String user : command.allowUsers()) {
      try {
        allowUsers.add(UserId.of(user));
      } catch (IllegalArgumentException e) {
        throw fail(method, "has an invalid allowUsers entry: " + e.getMessage());
      }
    }
    List<CommandParameter> params = parameters(method, converters, isInjectable);
    return new CommandSignature(method, name, List.copyOf(aliases), command.help(), command.minPowerLevel(),
        allowUsers, params);
  }

  private static String commandName(Method method, String value) {
    if (value.isBlank() || value.chars().anyMatch(c -> Text.isSpace((char) c))) {
      throw fail(method, "has a command name that is empty or has spaces: '" + value + "'");
    }
    return value.startsWith(DEFAULT_PREFIX) ? value : DEFAULT_PREFIX + value;
  }

  private static List<CommandParameter> parameters(
      Method method, ArgumentConverters converters, Predicate<Class<?>> isInjectable) {
    Parameter[] declared = method.getParameters();
    List<CommandParameter> out = new ArrayList<>();
    int lastArgument = -1;
    for (int i = 0; i < declared.length; i++) {
      if (isArgument(declared[i], converters, isInjectable, method)) {
        lastArgument = i;
      }
    }
    boolean sawOptional = false;
    for (int i = 0; i < declared.length; i++) {
      Parameter p = declared[i];
      if (!isArgument(p, converters, isInjectable, method)) {
        out.add(new CommandParameter(i, p.getName(), CommandParameter.Kind.INJECTED, p.getType(), p.getType(),
            false, null));
        continue;
      }
      CommandParameter param = argument(method, p, i, i == lastArgument, converters);
      if (param.optional()) {
        sawOptional = true;
      } else if (sawOptional) {
        throw fail(method, p, "is required but follows an optional argument");
      }
      out.add(param);
    }
    return out;
  }

  private static boolean isArgument(
      Parameter p, ArgumentConverters converters, Predicate<Class<?>> isInjectable, Method method) {
    Class<?> type = p.getType();
    if (p.isAnnotationPresent(Arg.class) || p.isAnnotationPresent(Rest.class) || type == Optional.class
        || type == List.class || type.isArray() || converters.supports(type)) {
      return true;
    }
    if (isInjectable.test(type)) {
      return false;
    }
    throw fail(method, p, "has type " + type.getSimpleName()
        + ", which has no argument converter and is not supplied by the dispatcher");
  }

  private static CommandParameter argument(
      Method method, Parameter p, int index, boolean last, ArgumentConverters converters) {
    Arg arg = p.getAnnotation(Arg.class);
    String name = arg != null && !arg.value().isBlank() ? arg.value() : Text.kebab(p.getName());
    String defaultValue = arg != null && !arg.defaultValue().isEmpty() ? arg.defaultValue() : null;
    Class<?> type = p.getType();
    Class<?> valueType = valueType(method, p);
    CommandParameter.Kind kind = CommandParameter.Kind.ARGUMENT;
    boolean optional;
    if (p.isAnnotationPresent(Rest.class)) {
      if (type != String.class) {
        throw fail(method, p, "has @Rest but is not a String");
      }
      if (!last) {
        throw fail(method, p, "has @Rest but is not the last argument");
      }
      kind = CommandParameter.Kind.REST;
      // A bare @Rest is optional, like a ban reason; @Arg(optional = false) next to it asks for at least a word.
      optional = arg == null || arg.optional() || defaultValue != null;
    } else if (type == List.class || type.isArray()) {
      if (!last) {
        throw fail(method, p, "takes all remaining tokens but is not the last argument");
      }
      kind = CommandParameter.Kind.VARARGS;
      optional = arg != null && arg.optional();
    } else {
      optional = type == Optional.class || (arg != null && arg.optional()) || defaultValue != null;
    }
    if (!converters.supports(valueType)) {
      throw fail(method, p, "has type " + valueType.getSimpleName() + ", which has no argument converter");
    }
    if (optional && type.isPrimitive() && defaultValue == null) {
      throw fail(method, p, "is an optional primitive without a defaultValue; use a box type or Optional");
    }
    if (defaultValue != null) {
      try {
        converters.find(valueType).orElseThrow().convert(defaultValue, ParseContext.of(converters));
      } catch (IllegalArgumentException e) {
        throw fail(method, p, "has a defaultValue that does not convert: " + e.getMessage());
      }
    }
    return new CommandParameter(index, name, kind, type, valueType, optional, defaultValue);
  }

  private static Class<?> valueType(Method method, Parameter p) {
    Class<?> type = p.getType();
    if (type.isArray()) {
      return type.getComponentType();
    }
    if (type != Optional.class && type != List.class) {
      return type;
    }
    Type generic = p.getParameterizedType();
    if (generic instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> element
        && element != Optional.class && element != List.class && !element.isArray()) {
      return element;
    }
    throw fail(method, p, "must be " + type.getSimpleName() + "<T> with T a plain convertible type");
  }

  private static IllegalArgumentException fail(Method method, String why) {
    return new IllegalArgumentException("command method " + Text.describe(method) + " " + why);
  }

  private static IllegalArgumentException fail(Method method, Parameter p, String why) {
    return new IllegalArgumentException(
        "command method " + Text.describe(method) + ": parameter '" + p.getName() + "' " + why);
  }
}

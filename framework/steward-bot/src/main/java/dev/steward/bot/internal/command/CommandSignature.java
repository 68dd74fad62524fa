package dev.steward.bot.internal.command;

import dev.steward.bot.annotation.Command;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.client.UserId;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A command handler method read once at registration: names, permissions and the parameters with their kinds,
 * so that every mistake in the declaration fails at start-up rather than when a user types the command.
 *
 * @param method the handler method, annotated with {@link Command}
 * @param name the command name with its prefix, e.g. {@code !ban}
 * @param aliases other names with their prefix
 * @param help the one-line help text, possibly empty
 * @param minPowerLevel the power level a sender needs
 * @param allowUsers users who may run the command whatever their power level
 * @param parameters one entry per method parameter, in order
 */
public record CommandSignature(
    Method method,
    String name,
    List<String> aliases,
    String help,
    int minPowerLevel,
    List<UserId> allowUsers,
    List<CommandParameter> parameters) {

  /** Requires every part and copies the lists. */
  public CommandSignature {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(help, "help");
    aliases = List.copyOf(aliases);
    allowUsers = List.copyOf(allowUsers);
    parameters = List.copyOf(parameters);
  }

  /**
   * Reads a {@link Command} method. A parameter is an argument when it has {@code @Arg} or {@code @Rest}, is an
   * {@code Optional}, {@code List} or array, or has a converter; otherwise it is injected when
   * {@code isInjectable} accepts its type.
   *
   * @param method the handler method
   * @param converters the converters arguments will use, to check that each argument type has one
   * @param isInjectable which types the dispatcher supplies (its context, event and client types)
   * @throws IllegalArgumentException naming the method (and parameter) when the declaration is unusable
   */
  public static CommandSignature of(Method method, ArgumentConverters converters, Predicate<Class<?>> isInjectable) {
    return SignatureReader.read(
        Objects.requireNonNull(method, "method"),
        Objects.requireNonNull(converters, "converters"),
        Objects.requireNonNull(isInjectable, "isInjectable"));
  }

  /** The usage line, e.g. {@code !mute <user> <duration> [reason...]}. */
  public String usage() {
    String args = parameters.stream()
        .filter(p -> !p.injected())
        .map(CommandParameter::usage)
        .collect(Collectors.joining(" "));
    return args.isEmpty() ? name : name + " " + args;
  }

  /** The arguments only, without injected parameters. */
  public List<CommandParameter> arguments() {
    return parameters.stream().filter(p -> !p.injected()).toList();
  }

  /** The same command with the annotation's leading {@code !} replaced by {@code prefix} in name and aliases. */
  public CommandSignature withPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return new CommandSignature(method, reprefix(name, prefix),
        aliases.stream().map(a -> reprefix(a, prefix)).distinct().toList(),
        help, minPowerLevel, allowUsers, parameters);
  }

  /** {@code Class.method}, for error messages. */
  public String handlerName() {
    return Text.describe(method);
  }

  private static String reprefix(String commandName, String prefix) {
    String bare = commandName.startsWith(SignatureReader.DEFAULT_PREFIX)
        ? commandName.substring(SignatureReader.DEFAULT_PREFIX.length())
        : commandName;
    return prefix + bare;
  }
}

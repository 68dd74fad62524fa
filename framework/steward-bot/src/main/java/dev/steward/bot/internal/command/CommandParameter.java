package dev.steward.bot.internal.command;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One parameter of a command handler method: either injected by the dispatcher or an argument typed in chat.
 *
 * @param index position in the method's parameter list
 * @param name the name shown in usage lines (kebab-case), or the Java name for injected parameters
 * @param kind how the parameter gets its value
 * @param type the declared Java type, e.g. {@code Optional.class} or {@code List.class}
 * @param valueType what each token converts to: {@code type} itself, or the element of Optional, List or array
 * @param optional whether the argument may be left out
 * @param defaultValue the text converted when the argument is left out, or null for none
 */
public record CommandParameter(
    int index, String name, Kind kind, Class<?> type, Class<?> valueType, boolean optional, String defaultValue) {

  /** How a parameter gets its value. */
  public enum Kind {
    /** Supplied by the dispatcher (event, context, client…); its slot is left null by the parser. */
    INJECTED,
    /** One token. */
    ARGUMENT,
    /** A {@code @Rest String}: the rest of the line as typed. */
    REST,
    /** A trailing {@code List<T>} or {@code T[]}: every remaining token. */
    VARARGS
  }

  /** Requires the non-optional parts. */
  public CommandParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(valueType, "valueType");
  }

  /** Whether the dispatcher supplies this parameter. */
  public boolean injected() {
    return kind == Kind.INJECTED;
  }

  /** This argument in a usage line: {@code <user>}, {@code [reason...]}, {@code <options...>}. */
  public String usage() {
    String inner = kind == Kind.REST || kind == Kind.VARARGS ? name + "..." : name;
    return optional ? "[" + inner + "]" : "<" + inner + ">";
  }

  boolean isOptionalType() {
    return type == Optional.class;
  }

  boolean isListType() {
    return type == List.class;
  }
}

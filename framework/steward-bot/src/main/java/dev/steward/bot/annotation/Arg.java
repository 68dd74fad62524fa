package dev.steward.bot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a command parameter in usage lines and help, and marks it optional when {@link #optional()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Arg {
  /** The name shown in usage lines; the Java parameter name when empty. */
  String value() default "";

  /** Whether the argument may be left out (the parameter then gets null, or the default). */
  boolean optional() default false;

  /** The value used when an optional argument is left out, parsed like user input; empty for null. */
  String defaultValue() default "";
}

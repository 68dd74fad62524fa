package dev.steward.bot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a chat command; the method's parameters after the context are its typed arguments.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Command {
  /** The command name including its prefix as written in chat, e.g. {@code !ban}. */
  String value();

  /** Other names for the same command, e.g. {@code !b}. */
  String[] aliases() default {};

  /** One line for {@code !help}; the usage line is generated from the parameters. */
  String help() default "";

  /** The power level the sender needs in the room; 0 lets everyone run it. */
  int minPowerLevel() default 0;

  /** Users who may run the command whatever their power level (full user ids). */
  String[] allowUsers() default {};
}

package dev.steward.bot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles room messages, optionally only those matching a regex, a message type or given rooms. Messages
 * that are commands go to their {@code @Command} handler instead.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnMessage {
  /** A Java regex the body must contain (find, not full match); empty for every message. */
  String value() default "";

  /** Message types to accept, e.g. {@code m.text}; empty for all. */
  String[] msgtypes() default {};

  /** Room ids ({@code !abc:server}) to accept; empty for all rooms. */
  String[] rooms() default {};
}

package dev.steward.bot.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a record component takes when its key is missing, written as it would be in YAML, e.g.
 * {@code @ConfigDefault("30s") Duration timeout}.
 *
 * <p>For records that also have required keys, where a whole-record {@code defaults()} method cannot be built.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface ConfigDefault {
  /** The default as YAML text; bound with the same rules as a value from the file. */
  String value();
}

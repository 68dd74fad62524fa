package dev.steward.bot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a class as a bot that the launcher can enable by name from the {@code bots:} section of the config file.
 * It is a Spring component: its constructor gets the client, rooms, config and store injected.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Component
public @interface Bot {
  /** The name under {@code bots:} in the config file, e.g. {@code welcome}; also the Spring bean name. */
  @AliasFor(annotation = Component.class, attribute = "value")
  String value();
}

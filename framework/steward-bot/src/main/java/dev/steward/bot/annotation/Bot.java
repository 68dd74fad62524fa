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
 * It is a Spring component: its constructor gets the client, rooms, config, store and its own settings injected,
 * e.g. {@code @Bot(value = "autojoin", settings = AutoJoinSettings.class)} on a class whose constructor takes
 * {@code AutoJoinSettings settings}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Component
public @interface Bot {
  /** The name under {@code bots:} in the config file, e.g. {@code welcome}; also the Spring bean name. */
  @AliasFor(annotation = Component.class, attribute = "value")
  String value();

  /**
   * The record that the section {@code bots.<name>} binds to, as {@code ConfigBinder} binds the rest of the file.
   * The runtime binds and checks it before it logs in, reporting each problem by key path (and
   * {@code steward check-config} does the same), then offers the bound record to the bot's constructor as a bean of
   * its type; so each bot has a settings type of its own. {@code Record.class}, the default, means the bot has no
   * settings: its section may hold {@code enabled} and nothing else.
   */
  Class<? extends Record> settings() default Record.class;
}

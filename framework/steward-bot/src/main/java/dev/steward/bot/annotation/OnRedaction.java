package dev.steward.bot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles {@code m.room.redaction}: someone removed an event's content (a message deleted, a reaction taken back).
 * The method may take a {@code RedactionEvent} and a context.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnRedaction {
}

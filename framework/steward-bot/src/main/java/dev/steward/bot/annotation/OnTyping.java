package dev.steward.bot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles typing notifications: who is typing in a room now (an empty list when everyone stopped). Ephemeral:
 * not stored by the homeserver, not deduplicated across restarts. The method may take a {@code TypingEvent}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnTyping {
}

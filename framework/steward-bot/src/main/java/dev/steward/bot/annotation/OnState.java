package dev.steward.bot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles changes of room state other than membership (membership changes go to {@code @OnMembership},
 * {@code @OnJoin} and {@code @OnLeave}), e.g. {@code @OnState("m.policy.rule.user")}. The method may take a
 * {@code StateEvent}, which carries the previous content when the sync gives it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnState {
  /** State event types, e.g. {@code m.room.power_levels}; empty for every state type but membership. */
  String[] value() default {};
}

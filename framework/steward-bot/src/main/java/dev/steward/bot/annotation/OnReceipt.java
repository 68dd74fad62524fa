package dev.steward.bot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles read receipts, one call per user and event read. Ephemeral: not deduplicated across restarts. The method
 * may take a {@code ReceiptEvent}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnReceipt {
  /** Receipt types to accept, e.g. {@code m.read}, {@code m.read.private}; empty for all. */
  String[] value() default {};
}

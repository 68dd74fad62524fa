package dev.steward.bot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a bot method on a schedule: a Quartz {@code cron} expression or a {@code fixedRate}, exactly one of them.
 *
 * <p>The method may take {@code MatrixClient}, {@code Rooms} and {@code Messages}, nothing else. Schedules live in
 * the store's database, so with {@code scheduler.cluster: true} each firing runs on one instance only. A firing
 * missed while the bot was down runs once at start (cron) or is skipped (fixed rate). A method still running when
 * its next firing comes is not started twice; that firing waits for it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Scheduled {
  /**
   * A Quartz cron expression with seconds: {@code "0 0 3 * * ?"} is 03:00 every day, {@code "0/10 * * * * ?"}
   * every 10 seconds. A bad expression fails at start-up, naming the method. A bot's setting may give it:
   * {@code "${bots.housekeeping.schedule}"} takes the value of that key of the bot's bound settings, and an empty
   * value there leaves the method unscheduled.
   */
  String cron() default "";

  /** The time zone of {@link #cron()}, e.g. {@code Europe/Berlin}; empty for the system's zone. */
  String zone() default "";

  /**
   * Runs every this long, first one interval after start-up, in the one duration syntax of config and commands
   * ({@code dev.steward.bot.config.Durations}: {@code 30s}, {@code 10m}, {@code 1h30m}, {@code 1d}, ISO-8601
   * {@code PT10M}); from one second to 100 years.
   */
  String fixedRate() default "";
}

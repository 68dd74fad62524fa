/**
 * Scheduling on Quartz: {@code @Scheduled} bot methods and one-shot {@link dev.steward.bot.schedule.DelayedActions}
 * kept in the store's database (Quartz's JDBC job store), optionally clustered on PostgreSQL.
 */
package dev.steward.bot.schedule;

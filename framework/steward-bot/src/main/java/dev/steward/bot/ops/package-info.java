/**
 * What a bot adds to the operations endpoint: its own metrics ({@link dev.steward.bot.ops.BotMetrics}) and tables
 * on the status page ({@link dev.steward.bot.ops.StatusSection}).
 */
package dev.steward.bot.ops;

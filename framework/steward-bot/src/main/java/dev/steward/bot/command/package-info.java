/**
 * Chat commands as bot authors meet them: the {@link dev.steward.bot.command.CommandContext} a {@code @Command}
 * method receives, and {@link dev.steward.bot.command.ArgumentConverters} to teach commands argument types of a
 * bot's own. Parsing, usage lines and {@code !help} are the runtime's ({@code dev.steward.bot.internal.command}).
 */
package dev.steward.bot.command;

/**
 * The runtime's command machinery, not API: splitting a message into a command name and tokens, converting tokens
 * into typed arguments, usage lines and {@code !help} text. Independent of Spring and of the dispatcher. Public only
 * for the dispatcher; bot code must not use it.
 */
package dev.steward.bot.internal.command;

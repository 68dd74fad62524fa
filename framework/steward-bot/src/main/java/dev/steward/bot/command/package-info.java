/**
 * Chat commands: splitting a message into a command name and tokens, converting tokens into typed handler
 * arguments, usage lines and {@code !help} text. Independent of Spring and of the dispatcher.
 */
package dev.steward.bot.command;

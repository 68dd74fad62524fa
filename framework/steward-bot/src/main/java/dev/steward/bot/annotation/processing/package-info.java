/** Compile-time support for {@code @Bot}: an index of a module's bots, so a start need not scan the classpath. */
package dev.steward.bot.annotation.processing;

/**
 * Machinery shared by the runtime's packages, not API: bot code must not use {@code dev.steward.bot.internal} or
 * its subpackages, which change without notice.
 */
package dev.steward.bot.internal;

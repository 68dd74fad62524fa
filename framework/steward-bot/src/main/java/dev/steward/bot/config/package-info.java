/**
 * Steward's YAML configuration: one file, environment variables substituted, bound to validated records.
 *
 * <p>{@link dev.steward.bot.config.ConfigLoader} reads the file, {@link dev.steward.bot.config.ConfigBinder} maps
 * snake_case keys onto record components, and every problem comes back at once in a
 * {@link dev.steward.bot.config.ConfigException} that names the key path.
 */
package dev.steward.bot.config;

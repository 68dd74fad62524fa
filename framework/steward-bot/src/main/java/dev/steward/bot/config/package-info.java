/**
 * Steward's YAML configuration: one file, environment variables substituted, bound to validated records.
 *
 * <p>{@link dev.steward.bot.config.ConfigLoader} reads the file, or
 * {@link dev.steward.bot.config.StewardConfig#builder()} builds the same tree in code;
 * {@link dev.steward.bot.config.ConfigBinder} maps snake_case keys onto record components, and every problem comes
 * back at once in a {@link dev.steward.bot.config.ConfigException} that names the key path.
 * {@link dev.steward.bot.config.Durations} is the one duration syntax of config, commands and schedules.
 */
package dev.steward.bot.config;

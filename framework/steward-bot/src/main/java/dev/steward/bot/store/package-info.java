/**
 * The runtime's JDBC store: the sync token, the dedupe of handled events, and bots' key-value state, on H2 (the
 * default, in a file) or PostgreSQL. Open one {@link dev.steward.bot.store.StewardStore} per process.
 */
package dev.steward.bot.store;

package dev.steward.bot.ops;

/**
 * A table a bot adds to the ops status page, e.g. its recent moderation actions. Implement it on a bot class (or a
 * bean the runtime creates); the page asks for it on every view, on the ops endpoint's thread, so keep it to a short
 * read of the store. Show no message bodies and no secrets: the page is for operators, not for a room's content.
 */
@FunctionalInterface
public interface StatusSection {
  /** The table as it is now, with at most {@code limit} rows. */
  StatusTable status(int limit);
}

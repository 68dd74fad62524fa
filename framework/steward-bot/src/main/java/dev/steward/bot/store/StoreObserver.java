package dev.steward.bot.store;

/**
 * Hears how long each store operation took, for the runtime's metrics. Names are fixed per kind of operation
 * ({@code state_get}, {@code dedupe_claim} …), never an id; called on the thread that ran the operation.
 */
@FunctionalInterface
public interface StoreObserver {
  /** Hears nothing. */
  StoreObserver NONE = (name, nanos, failed) -> { };

  /** Operation {@code name} took {@code nanos}; {@code failed} when it threw. */
  void operation(String name, long nanos, boolean failed);
}

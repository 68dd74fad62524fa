package dev.steward.bot.schedule;

import java.util.Optional;

/**
 * Hears each job run, for the runtime's metrics: a {@code @Scheduled} method by its name ({@code Bot.method}), a
 * delayed action by its type, never by its id. Called on the job's thread once the run is over.
 */
@FunctionalInterface
public interface JobObserver {
  /**
   * Job {@code name} of {@code kind} ({@code scheduled} or {@code delayed}) ran for {@code nanos}; {@code failure}
   * is what it failed with, if it did.
   */
  void ran(String name, String kind, long nanos, Optional<Throwable> failure);
}

package dev.steward.bot.schedule;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job the scheduler holds, as the status page lists it.
 *
 * @param name a {@code @Scheduled} method's name ({@code Bot.method}) or a delayed action's type
 * @param kind {@code scheduled} or {@code delayed}
 * @param schedule the cron or interval of a {@code @Scheduled} method; empty for a delayed action
 * @param next when it fires next, empty when it will not fire again
 */
public record ScheduledJob(String name, String kind, String schedule, Optional<Instant> next) {
  /** Requires every part. */
  public ScheduledJob {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(next, "next");
  }
}

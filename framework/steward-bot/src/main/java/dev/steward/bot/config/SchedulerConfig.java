package dev.steward.bot.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The scheduler running {@code @Scheduled} methods and delayed actions, kept in the store's database.
 *
 * @param threads threads running jobs, 1 to 64
 * @param cluster whether several instances share the database and each job runs on only one of them; PostgreSQL only
 * @param instanceId this instance's name in the cluster; {@code AUTO} for host name plus start time
 * @param clusterCheckinInterval how often a clustered instance reports it is alive; an instance silent for this
 *     plus 7.5 seconds is taken for dead and its due jobs are run elsewhere. At least 500ms
 */
public record SchedulerConfig(int threads, boolean cluster, String instanceId, Duration clusterCheckinInterval) {
  /** Quartz's own word for "generate an id". */
  public static final String AUTO = "AUTO";

  /** Checks ranges; every problem is reported, not just the first. */
  public SchedulerConfig {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(clusterCheckinInterval, "clusterCheckinInterval");
    Problems problems = new Problems();
    if (threads < 1 || threads > 64) {
      problems.add("threads", "must be from 1 to 64, found " + threads);
    }
    if (instanceId.isBlank() || instanceId.length() > 200) {
      problems.add("instance_id", "must be 1 to 200 characters, or AUTO");
    }
    if (clusterCheckinInterval.compareTo(Duration.ofMillis(500)) < 0) {
      problems.add("cluster_checkin_interval", "must be at least 500ms, found " + clusterCheckinInterval);
    }
    problems.throwIfAny();
  }

  /** The values used for missing keys, and for the whole section when {@code scheduler:} is absent. */
  public static SchedulerConfig defaults() {
    return new SchedulerConfig(4, false, AUTO, Duration.ofSeconds(10));
  }
}

package dev.steward.bot.schedule;

import dev.steward.client.MatrixClient;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one {@code @Scheduled} method; one firing at a time per method, cluster-wide. */
@DisallowConcurrentExecution
final class MethodJob implements Job {
  private static final Logger log = LoggerFactory.getLogger(MethodJob.class);

  private final ScheduledRegistry registry;
  private final MatrixClient client;

  MethodJob(ScheduledRegistry registry, MatrixClient client) {
    this.registry = registry;
    this.client = client;
  }

  @Override
  public void execute(JobExecutionContext context) {
    String key = context.getJobDetail().getKey().getName();
    ScheduledMethod method = registry.find(key).orElse(null);
    if (method == null) {
      // Only possible in a cluster whose instances run different bots; the firing is not ours to run.
      log.warn("no @Scheduled method {} in this instance; firing at {} skipped", key, context.getScheduledFireTime());
      return;
    }
    try {
      method.invoke(client);
    } catch (Throwable e) {
      // Quartz would only log it at INFO; the next firing still comes.
      log.error("@Scheduled method {} failed (firing at {})", method.name(), context.getScheduledFireTime(), e);
      context.setResult(e); // for the job timings and the status page's last errors (JobTimings)
    }
  }
}

package dev.steward.bot.schedule;

import dev.steward.client.MatrixClient;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/** Builds Steward's two job kinds with their dependencies; Quartz's default factory could only call no-arg ones. */
final class StewardJobFactory implements JobFactory {
  private final ScheduledRegistry registry;
  private final DelayedActions actions;
  private final MatrixClient client;

  StewardJobFactory(ScheduledRegistry registry, DelayedActions actions, MatrixClient client) {
    this.registry = registry;
    this.actions = actions;
    this.client = client;
  }

  @Override
  public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
    Class<? extends Job> type = bundle.getJobDetail().getJobClass();
    if (type == MethodJob.class) {
      return new MethodJob(registry, client);
    }
    if (type == ActionJob.class) {
      return new ActionJob(actions, client);
    }
    throw new SchedulerException("not a Steward job class: " + type.getName());
  }
}

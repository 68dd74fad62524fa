package dev.steward.bot.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;

/**
 * Every run of a {@code @Scheduled} method on the instances it listens to, with the fire time Quartz scheduled it for:
 * a cron firing run twice shows up as one scheduled time with two runs, whichever instances ran them.
 */
final class FiringLog {
  /** One run: which instance ran it, the fire time it was for, and when it actually started. */
  record Run(String instance, Instant scheduled, Instant started) {}

  private final List<Run> runs = new CopyOnWriteArrayList<>();

  /** Records the method runs of {@code scheduler}, under the name {@code instance}. */
  void listenTo(StewardScheduler scheduler, String instance) {
    scheduler.addJobListener(new JobListener() {
      @Override
      public String getName() {
        return "firing-log-" + instance;
      }

      @Override
      public void jobToBeExecuted(JobExecutionContext context) {
        // Delayed actions share the scheduler; only the @Scheduled methods' firings are of interest.
        if (StewardScheduler.METHOD_GROUP.equals(context.getJobDetail().getKey().getGroup())) {
          runs.add(new Run(instance, context.getScheduledFireTime().toInstant(), context.getFireTime().toInstant()));
        }
      }

      @Override
      public void jobExecutionVetoed(JobExecutionContext context) {}

      @Override
      public void jobWasExecuted(JobExecutionContext context, JobExecutionException jobException) {}
    });
  }

  /** All runs so far, in the order they started. */
  List<Run> runs() {
    return List.copyOf(runs);
  }

  /** The scheduled fire times that ran more than once, each with the instances that ran it. */
  Map<Instant, List<String>> repeatedFireTimes() {
    return runs.stream()
        .collect(Collectors.groupingBy(Run::scheduled, TreeMap::new, Collectors.mapping(Run::instance,
            Collectors.toList())))
        .entrySet().stream().filter(e -> e.getValue().size() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, TreeMap::new));
  }
}

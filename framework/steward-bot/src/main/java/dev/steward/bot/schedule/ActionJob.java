package dev.steward.bot.schedule;

import dev.steward.client.MatrixClient;
import java.util.HashMap;
import java.util.Map;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one delayed action: looks up the handler of its type and hands it the stored data. */
final class ActionJob implements Job {
  private static final Logger log = LoggerFactory.getLogger(ActionJob.class);

  private final DelayedActions actions;
  private final MatrixClient client;

  ActionJob(DelayedActions actions, MatrixClient client) {
    this.actions = actions;
    this.client = client;
  }

  @Override
  public void execute(JobExecutionContext context) {
    String id = context.getJobDetail().getKey().getName();
    Map<String, String> data = new HashMap<>();
    context.getMergedJobDataMap().forEach((k, v) -> data.put(k, String.valueOf(v)));
    String type = data.remove(DelayedActions.TYPE_KEY);
    DelayedAction handler = type == null ? null : actions.handler(type);
    if (handler == null) {
      log.error("delayed action {} has type '{}', for which no handler is registered; dropped", id, type);
      context.setResult(new IllegalStateException("no handler for delayed action type " + type));
      return;
    }
    try {
      handler.run(client, Map.copyOf(data));
      log.info("delayed action {} ({}) done{}", id, type, context.isRecovering() ? " (recovered)" : "");
    } catch (Exception e) {
      log.error("delayed action {} ({}) failed", id, type, e);
      context.setResult(e);
    }
  }
}

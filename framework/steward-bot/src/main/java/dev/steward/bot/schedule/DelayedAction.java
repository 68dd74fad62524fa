package dev.steward.bot.schedule;

import dev.steward.client.MatrixClient;
import java.util.Map;

/** What runs when a delayed action of one type comes due; registered with {@link DelayedActions#register}. */
@FunctionalInterface
public interface DelayedAction {
  /**
   * Does the action. Should be idempotent: if the instance running it dies midway, another runs it again.
   *
   * @param client the bot's client
   * @param data the data the action was scheduled with
   * @throws Exception logged with the action's id and type; the action is not retried
   */
  void run(MatrixClient client, Map<String, String> data) throws Exception;
}

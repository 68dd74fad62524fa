package dev.steward.bot.config;

import dev.steward.client.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the runtime behaves: command syntax, who may do everything, threading and sync.
 *
 * @param commandPrefix what starts a command, e.g. {@code !}; no whitespace
 * @param owners users allowed every command regardless of power level
 * @param replayOnFirstStart whether events from before the first sync are handled as commands
 * @param replyWhenRefused whether a refused command gets a reply rather than silence
 * @param handlerThreads threads running handlers, 1 to 64
 * @param dedupeSize how many recent event ids are remembered to drop duplicates, at least 100
 * @param syncTimeout how long one {@code /sync} long-poll waits on the server
 * @param outageBudget how long a handler waits for an unreachable homeserver before its event is left unfinished
 *     (handled again once the homeserver is back or after a restart)
 */
public record BotConfig(
    String commandPrefix,
    List<UserId> owners,
    boolean replayOnFirstStart,
    boolean replyWhenRefused,
    int handlerThreads,
    int dedupeSize,
    Duration syncTimeout,
    Duration outageBudget) {

  /** Checks ranges and the prefix; every problem is reported, not just the first. */
  public BotConfig {
    Objects.requireNonNull(commandPrefix, "commandPrefix");
    owners = List.copyOf(Objects.requireNonNull(owners, "owners"));
    Objects.requireNonNull(syncTimeout, "syncTimeout");
    Objects.requireNonNull(outageBudget, "outageBudget");
    Problems problems = new Problems();
    if (commandPrefix.isEmpty()) {
      problems.add("command_prefix", "must not be empty");
    } else if (commandPrefix.codePoints().anyMatch(Character::isWhitespace)) {
      problems.add("command_prefix", "must not contain whitespace, found '" + commandPrefix + "'");
    }
    if (handlerThreads < 1 || handlerThreads > 64) {
      problems.add("handler_threads", "must be from 1 to 64, found " + handlerThreads);
    }
    if (dedupeSize < 100) {
      problems.add("dedupe_size", "must be at least 100, found " + dedupeSize);
    }
    if (syncTimeout.isNegative()) {
      problems.add("sync_timeout", "must not be negative, found " + syncTimeout);
    }
    if (outageBudget.isNegative()) {
      problems.add("outage_budget", "must not be negative, found " + outageBudget);
    }
    problems.throwIfAny();
  }

  /** The values used for missing keys, and for the whole section when {@code bot:} is absent. */
  public static BotConfig defaults() {
    return new BotConfig("!", List.of(), false, true, 4, 10_000, Duration.ofSeconds(30), Duration.ofMinutes(10));
  }

  /** Whether {@code user} is listed in {@code owners}. */
  public boolean isOwner(UserId user) {
    return owners.contains(user);
  }
}

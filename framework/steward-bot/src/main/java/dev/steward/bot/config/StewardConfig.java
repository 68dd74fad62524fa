package dev.steward.bot.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything in {@code steward.yaml}: the homeserver, the bot's login, runtime behaviour, storage and the bots.
 *
 * @param homeserver where to connect; required
 * @param auth how to log in; required
 * @param bot runtime behaviour; defaults when {@code bot:} is absent
 * @param storage the database; H2 in {@code ./data} when {@code storage:} is absent
 * @param scheduler the scheduler; defaults when {@code scheduler:} is absent
 * @param bots per-bot sections by name, in file order; empty when {@code bots:} is absent
 */
public record StewardConfig(
    HomeserverConfig homeserver,
    AuthConfig auth,
    BotConfig bot,
    StorageConfig storage,
    SchedulerConfig scheduler,
    Map<String, BotSection> bots) {

  /** Checks every part is present, and that clustering is asked for only where it works. */
  public StewardConfig {
    Objects.requireNonNull(homeserver, "homeserver");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(bot, "bot");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(scheduler, "scheduler");
    // An embedded H2 file belongs to one process: "cluster" there would be several schedulers that never meet.
    if (scheduler.cluster() && !storage.url().startsWith("jdbc:postgresql:")) {
      throw new ConfigException("scheduler.cluster",
          "clustering needs a shared PostgreSQL database (storage.url: jdbc:postgresql:...), and the store is H2");
    }
    bots = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(bots, "bots")));
  }

  /** The section {@code bots.<name>}, if the file has one. */
  public Optional<BotSection> botSection(String name) {
    return Optional.ofNullable(bots.get(Objects.requireNonNull(name, "name")));
  }
}

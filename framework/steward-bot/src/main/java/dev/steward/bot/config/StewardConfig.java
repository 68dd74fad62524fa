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
 * @param bots per-bot sections by name, in file order; empty when {@code bots:} is absent
 */
public record StewardConfig(
    HomeserverConfig homeserver,
    AuthConfig auth,
    BotConfig bot,
    StorageConfig storage,
    Map<String, BotSection> bots) {

  /** Checks every part is present. */
  public StewardConfig {
    Objects.requireNonNull(homeserver, "homeserver");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(bot, "bot");
    Objects.requireNonNull(storage, "storage");
    bots = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(bots, "bots")));
  }

  /** The section {@code bots.<name>}, if the file has one. */
  public Optional<BotSection> botSection(String name) {
    return Optional.ofNullable(bots.get(Objects.requireNonNull(name, "name")));
  }
}

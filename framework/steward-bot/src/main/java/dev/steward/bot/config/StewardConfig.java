package dev.steward.bot.config;

import dev.steward.client.UserId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything in {@code steward.yaml}: the homeserver, the bot's login, runtime behaviour, storage and the bots.
 * Load it with {@link ConfigLoader}, or build it in code with {@link #builder()}.
 *
 * @param homeserver where to connect; required
 * @param auth how to log in; required
 * @param bot runtime behaviour; defaults when {@code bot:} is absent
 * @param storage the database; H2 in {@code ./data} when {@code storage:} is absent
 * @param scheduler the scheduler; defaults when {@code scheduler:} is absent
 * @param ops the metrics and health endpoint; off when {@code ops:} is absent
 * @param encryption end-to-end encryption; off when {@code encryption:} is absent
 * @param bots per-bot sections by name, in file order; empty when {@code bots:} is absent
 */
public record StewardConfig(
    HomeserverConfig homeserver,
    AuthConfig auth,
    BotConfig bot,
    StorageConfig storage,
    SchedulerConfig scheduler,
    OpsConfig ops,
    EncryptionConfig encryption,
    Map<String, BotSection> bots) {

  /** Checks every part is present, and that clustering is asked for only where it works. */
  public StewardConfig {
    Objects.requireNonNull(homeserver, "homeserver");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(bot, "bot");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(ops, "ops");
    Objects.requireNonNull(encryption, "encryption");
    if (ops.enabled() && ops.aliveWithin().compareTo(bot.syncTimeout()) <= 0) {
      throw new ConfigException("ops.alive_within", "must be longer than bot.sync_timeout ("
          + Durations.format(bot.syncTimeout()) + "): an idle sync succeeds only that often, found "
          + Durations.format(ops.aliveWithin()));
    }
    // An embedded H2 file belongs to one process: "cluster" there would be several schedulers that never meet.
    if (scheduler.cluster() && !storage.url().startsWith("jdbc:postgresql:")) {
      throw new ConfigException("scheduler.cluster",
          "clustering needs a shared PostgreSQL database (storage.url: jdbc:postgresql:...), and the store is H2");
    }
    // Olm and Megolm sessions ratchet with every message: two processes on one device's state would corrupt it.
    if (encryption.enabled() && scheduler.cluster()) {
      throw new ConfigException("encryption.enabled", "a device's encryption state cannot be shared by several"
          + " instances, and scheduler.cluster is true; run one instance per bot account with encryption");
    }
    bots = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(bots, "bots")));
  }

  /** The section {@code bots.<name>}, if the file has one. */
  public Optional<BotSection> botSection(String name) {
    return Optional.ofNullable(bots.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * Starts a config built in code rather than read from a file, e.g. for tests or an embedding application:
   *
   * <pre>{@code
   * StewardConfig config = StewardConfig.builder()
   *     .homeserver("http://127.0.0.1:8008")
   *     .password(UserId.of("@bot:localhost"), password)
   *     .storage(new StorageConfig("jdbc:h2:mem:bot", "", ""))
   *     .botSection("welcome", Map.of("message", "Hello {user}!", "max_age", "10m"))
   *     .build();
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link StewardConfig} as {@link ConfigLoader} does from a file, minus the YAML: {@link #build()} binds
   * the same tree with the same checks and reports every problem by key path in one {@link ConfigException}. Parts
   * not set take their defaults, as absent sections do; {@code homeserver} and {@code auth} are required.
   */
  public static final class Builder {
    private final Map<String, Object> tree = new LinkedHashMap<>();
    private final Map<String, Object> bots = new LinkedHashMap<>();

    private Builder() {}

    /** The homeserver's base URL, as {@code homeserver.url}. */
    public Builder homeserver(String url) {
      tree.put("homeserver", Map.of("url", Objects.requireNonNull(url, "url")));
      return this;
    }

    /** Logs in as {@code user} with {@code password}; device id and name as when unset in a file. */
    public Builder password(UserId user, String password) {
      return credentials(user, "password", password);
    }

    /** Uses an existing access token of {@code user} instead of logging in. */
    public Builder accessToken(UserId user, String token) {
      return credentials(user, "access_token", token);
    }

    /** The whole {@code auth} section, for a device id or name. */
    public Builder auth(AuthConfig auth) {
      tree.put("auth", Objects.requireNonNull(auth, "auth"));
      return this;
    }

    /** The {@code bot} section; {@link BotConfig#defaults()} when not set. */
    public Builder bot(BotConfig bot) {
      tree.put("bot", Objects.requireNonNull(bot, "bot"));
      return this;
    }

    /** The {@code storage} section; {@link StorageConfig#defaults()} when not set. */
    public Builder storage(StorageConfig storage) {
      tree.put("storage", Objects.requireNonNull(storage, "storage"));
      return this;
    }

    /** The {@code scheduler} section; {@link SchedulerConfig#defaults()} when not set. */
    public Builder scheduler(SchedulerConfig scheduler) {
      tree.put("scheduler", Objects.requireNonNull(scheduler, "scheduler"));
      return this;
    }

    /** The {@code ops} section; off ({@link OpsConfig#defaults()}) when not set. */
    public Builder ops(OpsConfig ops) {
      tree.put("ops", Objects.requireNonNull(ops, "ops"));
      return this;
    }

    /** The {@code encryption} section; off ({@link EncryptionConfig#defaults()}) when not set. */
    public Builder encryption(EncryptionConfig encryption) {
      tree.put("encryption", Objects.requireNonNull(encryption, "encryption"));
      return this;
    }

    /**
     * The section {@code bots.<name>}, as a file would hold it: snake_case keys, an optional {@code enabled}, values
     * as YAML gives them (text, numbers, booleans, lists, maps) or already of the settings' types (a
     * {@code Duration}, a {@code UserId}). Like a file's, it is bound to the bot's settings when the bot starts.
     */
    public Builder botSection(String name, Map<String, ?> settings) {
      bots.put(Objects.requireNonNull(name, "name"), new LinkedHashMap<>(Objects.requireNonNull(settings, "settings")));
      return this;
    }

    /** Binds and checks everything set. */
    public StewardConfig build() {
      Map<String, Object> root = new LinkedHashMap<>(tree);
      root.put("bots", new LinkedHashMap<>(bots));
      return ConfigBinder.bind(root, StewardConfig.class, "");
    }

    private Builder credentials(UserId user, String key, String secret) {
      Map<String, Object> auth = new LinkedHashMap<>();
      auth.put("user_id", Objects.requireNonNull(user, "user"));
      auth.put(key, Objects.requireNonNull(secret, key));
      tree.put("auth", auth);
      return this;
    }
  }
}

package dev.steward.bot.runtime;

import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.config.AuthConfig;
import dev.steward.bot.config.BotConfig;
import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.EncryptionConfig;
import dev.steward.bot.config.SchedulerConfig;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bot.config.StorageConfig;
import dev.steward.bot.internal.dispatch.Decryption;
import dev.steward.bot.internal.dispatch.DispatchSettings;
import dev.steward.bot.internal.dispatch.Dispatcher;
import dev.steward.bot.internal.dispatch.HandlerDiscovery;
import dev.steward.bot.internal.dispatch.HandlerRegistry;
import dev.steward.bot.config.OpsConfig;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.bot.internal.dispatch.DispatchMetrics;
import dev.steward.bot.annotation.Bot;
import dev.steward.bot.internal.ops.OpsServer;
import dev.steward.bot.internal.ops.StatusPage;
import dev.steward.bot.ops.BotMetrics;
import dev.steward.bot.ops.StatusSection;
import dev.steward.bot.internal.ops.StewardMetrics;
import dev.steward.bot.schedule.DelayedActions;
import dev.steward.bot.schedule.ScheduledDiscovery;
import dev.steward.bot.schedule.StewardScheduler;
import dev.steward.bot.store.CryptoStateException;
import dev.steward.bot.store.EventDedupe;
import dev.steward.bot.store.JdbcCryptoStore;
import dev.steward.bot.store.KeyValueStore;
import dev.steward.bot.store.StewardStore;
import dev.steward.client.CrossSigning;
import dev.steward.client.CrossSigningConflictException;
import dev.steward.client.Encryption;
import dev.steward.client.InteractiveAuthException;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.SyncLoop;
import dev.steward.client.SyncTokenStore;
import dev.steward.client.UserId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A running bot: logs in, opens the store, builds a Spring context of the bot classes (their annotated methods become
 * handlers), and syncs until stopped. Build with {@link #builder(StewardConfig)}.
 */
public final class Steward implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Steward.class);
  /** Sync batches handed to the dispatcher before the oldest is done: the next sync overlaps slow handlers. */
  private static final int SYNC_DEPTH = 2;

  private final StewardConfig config;
  private final List<Class<?>> botClasses;
  private final List<Object> beans;
  private final MatrixClient.Builder clientBuilder;
  private final ReplyGuard replyGuard;

  private Map<String, Record> botSettings = Map.of();
  private StewardStore store;
  private MatrixClient client;
  private StewardScheduler scheduler;
  private AnnotationConfigApplicationContext context;
  private Dispatcher dispatcher;
  /** Read by the ops endpoint's thread too. */
  private volatile SyncSupervisor supervisor;
  private StewardMetrics metrics;
  private OpsServer ops;

  private Steward(Builder b) {
    this.config = b.config;
    this.botClasses = List.copyOf(b.botClasses);
    this.beans = List.copyOf(b.beans);
    this.clientBuilder = b.clientBuilder;
    this.replyGuard = b.replyGuard;
  }

  /** Starts building a runtime for {@code config}. */
  public static Builder builder(StewardConfig config) {
    return new Builder(config);
  }

  /** Connects, registers the handlers and starts syncing; returns once the sync loop runs. */
  public synchronized Steward start() {
    if (supervisor != null) {
      throw new IllegalStateException("already started");
    }
    // First of all: a bad bot setting throws ConfigException before the store is opened or the homeserver contacted.
    botSettings = BotSettings.bind(config, botClasses);
    OpsConfig opsConfig = config.ops();
    if (opsConfig.enabled()) {
      // First after the settings: /health and /ready answer (503) while the bot connects, and a port in use fails
      // the start before anything else is opened.
      metrics = new StewardMetrics(System::currentTimeMillis);
      try {
        ops = OpsServer.start(opsConfig, metrics, this::isReady, System::currentTimeMillis);
      } catch (RuntimeException e) {
        metrics.close();
        metrics = null;
        throw e;
      }
    }
    StorageConfig storage = config.storage();
    try {
      store = StewardStore.open(storage.url(), storage.username(), storage.password());
      KeyValueStore runtimeState = store.state("steward.runtime");
      if (metrics != null) {
        store.observe(metrics);
        metrics.recordCommandsIn(store.commandLog());
      }
      // Before login too: a wrong store key is a config error, and the homeserver has heard nothing yet.
      JdbcCryptoStore crypto = openCryptoState(config.encryption(), config.auth());
      client = connect(config.auth(), runtimeState, crypto);
      if (crypto != null) {
        // The device's keys are in the store: it must be the device the homeserver says this login is.
        crypto.bindDevice(client.deviceId());
        Encryption encryption = client.enableEncryption(crypto);
        if (config.encryption().crossSigning()) {
          crossSign(encryption, config.auth());
        }
      }
      UserId self = client.userId();
      SyncTokenStore tokens = store.syncTokens(self.value());
      boolean fresh = tokens.load().isEmpty();
      BotConfig bot = config.bot();
      HandlerRegistry registry = new HandlerRegistry(bot.commandPrefix(), ArgumentConverters.defaults());
      scheduler = StewardScheduler.create(config.scheduler(), store.dataSource(), client);
      if (metrics != null) {
        scheduler.observe(metrics);
      }
      context = springContext(registry);
      if (ops != null) {
        ops.statusPage(statusPage(self));
      }
      EventDedupe dedupe = store.dedupe(self.value(), instanceName(config.scheduler()), bot.dedupeSize());
      dedupe.releaseUnfinished();
      DispatchSettings settings = new DispatchSettings(self, bot.handlerThreads(), bot.replyWhenRefused(),
          new HashSet<>(bot.owners()), fresh && !bot.replayOnFirstStart(), bot.outageBudget());
      // Events waiting for their room keys are kept in the crypto store, beside the keys they wait for.
      Decryption decryption = crypto == null ? null
          : Decryption.of(client.encryption(), crypto, config.encryption().keyWait());
      dispatcher = new Dispatcher(client, registry, settings, dedupe, replyGuard,
          metrics != null ? metrics : DispatchMetrics.NONE, decryption);
      AuthConfig auth = config.auth();
      Runnable relogin = auth.password().isEmpty() ? null
          : () -> client.login(auth.userId().value(), auth.password().get(), client.deviceId(), auth.deviceName());
      Dispatcher handlers = dispatcher;
      supervisor = new SyncSupervisor(
          () -> SyncLoop.asyncBuilder(client, handlers).depth(SYNC_DEPTH).tokenStore(tokens)
              .timeout(bot.syncTimeout()).initialTimelineLimit(settings.skipHistoryOfFirstBatch() ? 1 : 0)
              .build(), relogin);
      log.info("connected to {} as {} (device {}{}); {} handlers, commands: {}", client.homeserver(), self,
          client.deviceId(), crypto != null ? ", end-to-end encryption on" : "", registry.size(),
          registry.commandNames());
      scheduler.start();
      supervisor.start();
      return this;
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  /**
   * The name this process claims events under: {@code scheduler.instance_id}, or the host name for {@code AUTO}. It
   * must be the same after a restart, so the restarted process finds and releases its own unfinished claims.
   */
  static String instanceName(SchedulerConfig scheduler) {
    if (!scheduler.instanceId().equals("AUTO")) {
      return scheduler.instanceId();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /**
   * The device's encryption state when {@code encryption.enabled}, its store key checked; null when encryption is off.
   * State in the store is never ignored silently: with encryption off, a store key must still be given (and open it),
   * and without one the start fails, so a dropped {@code encryption:} section or a lost variable does not leave the
   * bot's device unable to read its rooms without anyone noticing.
   */
  private JdbcCryptoStore openCryptoState(EncryptionConfig encryption, AuthConfig auth) {
    String account = auth.userId().value();
    if (encryption.storeKey().isEmpty()) {
      if (store.holdsCryptoState(account)) {
        throw new ConfigException("encryption.store_key", "is not set, and the store holds the encryption state of "
            + account + " (its device's keys and sessions): set encryption.enabled: true and the store_key it was"
            + " written with; the state is never replaced with new keys");
      }
      return null;
    }
    JdbcCryptoStore crypto;
    try {
      crypto = store.cryptoStore(account, encryption.storeKey().get());
    } catch (CryptoStateException e) {
      if (e.reason() == CryptoStateException.Reason.WRONG_KEY) {
        throw new ConfigException("encryption.store_key", "does not open the encryption state of this store ("
            + account + "); give the key it was written with, new keys would break the device's sessions");
      }
      throw new ConfigException("storage.url", e.getMessage());
    }
    if (!encryption.enabled()) {
      log.warn("encryption.enabled is false: the device's encryption state stays in the store, unused; encrypted"
          + " rooms are not read");
      return null;
    }
    if (auth.deviceId().isPresent() && crypto.deviceId().isPresent()
        && !auth.deviceId().get().equals(crypto.deviceId().get())) {
      throw new ConfigException("auth.device_id", "is " + auth.deviceId().get() + ", but the encryption state in the"
          + " store belongs to device " + crypto.deviceId().get() + "; the store holds one device's keys");
    }
    return crypto;
  }

  /**
   * Sets up cross-signing for the bot's account (or checks it) and signs this device, so clients that hide messages
   * from unverified devices show the bot's. A failure is logged and the bot runs on: its messages still decrypt,
   * clients just mark its device as not verified.
   */
  private static void crossSign(Encryption encryption, AuthConfig auth) {
    try {
      CrossSigning.Result r = encryption.crossSigning().bootstrap(auth.password().orElse(null));
      log.info("cross-signing: {} (master key {})", r.outcome(), r.identity().masterKey());
    } catch (CrossSigningConflictException e) {
      log.warn("encryption.cross_signing: {}; the bot's device is not cross-signed. Reset the account's "
          + "cross-signing in a client, or set cross_signing: false", e.getMessage());
    } catch (InteractiveAuthException e) {
      log.warn("encryption.cross_signing: the homeserver asked for the account's password and refused {} ({}); the "
          + "bot's device is not cross-signed", auth.password().isPresent() ? "auth.password" : "to go on without "
          + "one (set auth.password)", e.errcode());
    } catch (MatrixException | dev.steward.client.crypto.CryptoException | IllegalStateException e) {
      log.warn("encryption.cross_signing: not set up ({}); the bot's device is not cross-signed", e.getMessage());
    }
  }

  private MatrixClient connect(AuthConfig auth, KeyValueStore runtimeState, JdbcCryptoStore crypto) {
    MatrixClient.Builder b = clientBuilder.homeserver(config.homeserver().url().toString());
    if (metrics != null) {
      b.requestObserver(metrics);
    }
    if (auth.accessToken().isPresent()) {
      MatrixClient c = b.accessToken(auth.accessToken().get()).deviceId(auth.deviceId().orElse(null)).build();
      UserId actual = c.whoami().userId();
      if (!actual.equals(auth.userId())) {
        throw new IllegalStateException("auth.access_token belongs to " + actual + ", not auth.user_id "
            + auth.userId());
      }
      if (crypto != null) {
        checkTokenDevice(c.deviceId(), crypto);
      }
      return c;
    }
    MatrixClient c = b.build();
    // Reuse the device of the last login so restarts do not leave a trail of devices on the account.
    String deviceKey = "device_id:" + auth.userId().value();
    // With encryption, the device whose keys the store holds; a configured other one was refused before.
    Optional<String> encrypting = crypto == null ? Optional.empty() : crypto.deviceId();
    String device = auth.deviceId().or(() -> encrypting).or(() -> runtimeState.get(deviceKey)).orElse(null);
    c.login(auth.userId().value(), auth.password().orElseThrow(), device, auth.deviceName());
    if (c.deviceId() != null) {
      runtimeState.put(deviceKey, c.deviceId());
    }
    return c;
  }

  /** An access token is one device's: with encryption it must be the device whose keys the store holds. */
  private static void checkTokenDevice(String tokenDevice, JdbcCryptoStore crypto) {
    if (tokenDevice == null) {
      throw new IllegalStateException("the homeserver did not say which device auth.access_token belongs to, and"
          + " end-to-end encryption needs to know: set auth.device_id");
    }
    Optional<String> stored = crypto.deviceId();
    if (stored.isPresent() && !stored.get().equals(tokenDevice)) {
      throw new IllegalStateException("auth.access_token belongs to device " + tokenDevice + ", but the encryption"
          + " state in the store belongs to device " + stored.get() + " (the store holds one device's keys): use a"
          + " token of device " + stored.get() + ", or log in with auth.password");
    }
  }

  private AnnotationConfigApplicationContext springContext(HandlerRegistry registry) {
    AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext();
    var beanFactory = ctx.getBeanFactory();
    beanFactory.registerSingleton("steward.config", config);
    beanFactory.registerSingleton("steward.matrixClient", client);
    beanFactory.registerSingleton("steward.rooms", client.rooms());
    beanFactory.registerSingleton("steward.messages", client.messages());
    beanFactory.registerSingleton("steward.store", store);
    // Bots register converters for their own argument types in their constructors, before their commands are read.
    beanFactory.registerSingleton("steward.converters", registry.converters());
    beanFactory.registerSingleton("steward.delayedActions", scheduler.delayedActions());
    // The bots' own metrics: on /metrics with ops.listen, counted for nobody without it.
    beanFactory.registerSingleton("steward.botMetrics", metrics != null ? metrics.botMetrics() : BotMetrics.unread());
    // Each bot's bound settings record, injectable by its type (see Bot#settings).
    botSettings.forEach((name, settings) -> beanFactory.registerSingleton("steward.settings." + name, settings));
    beanFactory.addBeanPostProcessor(new HandlerDiscovery(registry));
    Map<String, Record> settingsByBot = botSettings;
    scheduler.settings(path -> BotSettings.value(settingsByBot, path));
    beanFactory.addBeanPostProcessor(new ScheduledDiscovery(scheduler));
    for (Object bean : beans) {
      beanFactory.registerSingleton(bean.getClass().getName(), bean);
      registry.register(bean);
      scheduler.register(bean);
    }
    if (!botClasses.isEmpty()) {
      ctx.register(botClasses.toArray(new Class<?>[0]));
    }
    ctx.refresh();
    return ctx;
  }

  /** The status page's sources: read on each view, never kept. */
  private StatusPage statusPage(UserId self) {
    Map<String, String> bots = new TreeMap<>();
    for (Class<?> c : botClasses) {
      bots.put(botName(c), c.getName());
    }
    for (Object bean : beans) {
      bots.put(botName(bean.getClass()), bean.getClass().getName());
    }
    AnnotationConfigApplicationContext ctx = context;
    StewardScheduler jobs = scheduler;
    MatrixClient c = client;
    return StatusPage.of(new StatusPage.Sources(self.value(), c.homeserver().toString(), bots,
        () -> c.rooms().joined(), jobs::jobs, jobs::jobCount,
        () -> List.copyOf(ctx.getBeansOfType(StatusSection.class).values())),
        metrics, System::currentTimeMillis, this::isReady);
  }

  private static String botName(Class<?> type) {
    Bot bot = type.getAnnotation(Bot.class);
    return bot != null ? bot.value() : type.getSimpleName();
  }

  /** The client, once started. */
  public MatrixClient client() {
    return Objects.requireNonNull(client, "not started");
  }

  /** The delayed actions (unmute, unban, reminders, bots' own types), once started. */
  public DelayedActions delayedActions() {
    return Objects.requireNonNull(scheduler, "not started").delayedActions();
  }

  /** The store, once started. */
  public StewardStore store() {
    return Objects.requireNonNull(store, "not started");
  }

  /** Why the bot stopped by itself (e.g. the token was revoked and no password is configured), if it did. */
  public Optional<Throwable> failure() {
    return supervisor == null ? Optional.empty() : supervisor.failure();
  }

  /**
   * Waits until the first sync batch has been handled: from then on, every new event reaches the handlers (on a
   * fresh start, events from before it are history and are not replayed). False if {@code wait} ran out, or at once
   * when the bot stopped before its first batch (see {@link #failure()}).
   */
  public boolean awaitReady(Duration wait) throws InterruptedException {
    return Objects.requireNonNull(supervisor, "not started").awaitFirstBatch(wait);
  }

  /** Whether the first sync batch has been handled and the bot has not stopped by itself. */
  private boolean isReady() {
    SyncSupervisor s = supervisor;
    try {
      return s != null && s.awaitFirstBatch(Duration.ZERO) && s.failure().isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The address of the metrics and health endpoint, when {@code ops.listen} is set and the bot started. */
  public Optional<InetSocketAddress> opsAddress() {
    return Optional.ofNullable(ops).map(OpsServer::address);
  }

  /** Blocks until the sync loop ends (stop or fatal error). */
  public void awaitTermination() throws InterruptedException {
    while (supervisor != null && !supervisor.awaitTermination(Duration.ofHours(1))) {
      // keep waiting
    }
  }

  /** Stops syncing after the current batch, saves the token, and releases everything. */
  @Override
  public synchronized void close() {
    if (supervisor != null) {
      try {
        supervisor.stop(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeQuietly();
    log.info("stopped");
  }

  private void closeQuietly() {
    try {
      if (dispatcher != null) {
        dispatcher.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (scheduler != null) {
      // Before the store: running jobs finish while the pool is still open.
      try {
        scheduler.close();
      } catch (RuntimeException e) {
        log.warn("stopping the scheduler failed; closing the rest anyway", e);
      }
    }
    if (context != null) {
      context.close();
    }
    if (store != null) {
      store.close();
    }
    if (client != null) {
      client.close(); // last: scheduled jobs and the dispatcher's handlers used it until just now
    }
    if (ops != null) {
      ops.close();
    }
    if (metrics != null) {
      metrics.close();
    }
  }

  /** Builds a {@link Steward}. */
  public static final class Builder {
    private final StewardConfig config;
    private final List<Class<?>> botClasses = new ArrayList<>();
    private final List<Object> beans = new ArrayList<>();
    private MatrixClient.Builder clientBuilder = MatrixClient.builder();
    private ReplyGuard replyGuard = ReplyGuard.standard();

    private Builder(StewardConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** Bot classes (Spring components) to create; their handler methods are registered. */
    public Builder bots(Class<?>... classes) {
      botClasses.addAll(List.of(classes));
      return this;
    }

    /** Ready-made bot objects to register as they are (tests, or bots built by hand). */
    public Builder beans(Object... objects) {
      beans.addAll(List.of(objects));
      return this;
    }

    /** A client builder with custom retry policy or OkHttp client; the homeserver and token are set from config. */
    public Builder client(MatrixClient.Builder builder) {
      this.clientBuilder = Objects.requireNonNull(builder, "builder");
      return this;
    }

    /** How the bot stops bot loops and paces its sends per room ({@link ReplyGuard#standard()}: no pacing). */
    public Builder replyGuard(ReplyGuard guard) {
      this.replyGuard = Objects.requireNonNull(guard, "guard");
      return this;
    }

    public Steward build() {
      return new Steward(this);
    }
  }
}

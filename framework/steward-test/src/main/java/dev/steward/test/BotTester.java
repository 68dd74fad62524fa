package dev.steward.test;

import dev.steward.bot.config.BotConfig;
import dev.steward.bot.config.EncryptionConfig;
import dev.steward.bot.config.OpsConfig;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bot.config.StorageConfig;
import dev.steward.bot.runtime.Steward;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Runs a bot with the real {@link Steward} runtime against a {@link FakeHomeserver}, for short unit tests.
 *
 * <pre>{@code
 * try (BotTester t = BotTester.start(new DiceBot())) {
 *   t.say(ALICE, "!roll 2d6");
 *   assertThat(t.awaitReply().body()).startsWith("🎲");
 * }
 * }</pre>
 *
 * <p>The bot logs in as {@link #BOT} and is already in {@link #ROOM} with power level 100, together with
 * {@link #ALICE} ("Alice") and {@link #BOB} ("Bob") at level 0. The store is a fresh in-memory H2 database.
 * {@code await…} methods read what the bot sent in order: each returns the first match after the previous one.
 */
public final class BotTester implements AutoCloseable {
  /** The bot's account. */
  public static final UserId BOT = UserId.of("@bot:test");
  /** A room member, display name "Alice". */
  public static final UserId ALICE = UserId.of("@alice:test");
  /** A room member, display name "Bob". */
  public static final UserId BOB = UserId.of("@bob:test");
  /** The room the bot is in from the start. */
  public static final RoomId ROOM = RoomId.of("!room:test");

  private final FakeHomeserver hs;
  private final Steward steward;
  private final Duration timeout;
  private final String storeUrl;
  private int cursor;

  private BotTester(FakeHomeserver hs, Steward steward, Duration timeout, String storeUrl) {
    this.hs = hs;
    this.steward = steward;
    this.timeout = timeout;
    this.storeUrl = storeUrl;
  }

  /** Starts the given bots (bot classes, or bot objects) and waits until they are ready. */
  public static BotTester start(Object... bots) {
    return builder().bots(bots).start();
  }

  /** A builder for bot settings, owners or a different timeout. */
  public static Builder builder() {
    return new Builder();
  }

  /** The fake homeserver, to fill rooms, push events or look at everything the bot sent. */
  public FakeHomeserver hs() {
    return hs;
  }

  /** The running runtime (its store and client). */
  public Steward steward() {
    return steward;
  }

  /** {@link #ROOM} on the fake homeserver. */
  public FakeRoom room() {
    return hs.room(ROOM);
  }

  /** {@code sender} says {@code body} in {@link #ROOM}. */
  public EventId say(UserId sender, String body) {
    return hs.say(sender, ROOM, body);
  }

  /** {@code sender} says {@code body} in {@code room}. */
  public EventId say(UserId sender, RoomId room, String body) {
    return hs.say(sender, room, body);
  }

  /** {@code sender} reacts to {@code target} in {@link #ROOM}. */
  public EventId react(UserId sender, EventId target, String key) {
    return hs.react(sender, ROOM, target, key);
  }

  /** {@code inviter} invites the bot to {@code room} (created if new, with the inviter as a member). */
  public void invite(UserId inviter, RoomId room) {
    FakeRoom r = hs.room(room);
    if (!r.isJoined(inviter)) {
      r.member(inviter);
    }
    hs.invite(room, inviter, BOT);
  }

  /** The next message the bot sends in {@link #ROOM}. */
  public Sent.Message awaitReply() {
    return awaitReply(ROOM);
  }

  /** The next message the bot sends in {@code room}. */
  public Sent.Message awaitReply(RoomId room) {
    Objects.requireNonNull(room, "room");
    return await(Sent.Message.class, m -> m.room().equals(room));
  }

  /** The next thing of {@code type} the bot sends that matches {@code p}, e.g. a {@link Sent.Reaction}. */
  public <T extends Sent> T await(Class<T> type, Predicate<? super T> p) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(p, "p");
    int i = hs.awaitIndex(cursor, s -> type.isInstance(s) && p.test(type.cast(s)), timeout, type.getSimpleName());
    cursor = i + 1;
    return type.cast(hs.sentAt(i));
  }

  /** Everything the bot sent so far, in order. */
  public List<Sent> sent() {
    return hs.sent();
  }

  /** Stops the bot, then the fake homeserver, and drops the in-memory store. */
  @Override
  public void close() {
    try {
      steward.close();
    } finally {
      hs.close();
      dropStore(storeUrl);
    }
  }

  // DB_CLOSE_DELAY=-1 keeps the database while the store's pool opens and closes connections; drop it at the end
  // so a long test suite does not keep one database per test in memory.
  private static void dropStore(String url) {
    try (Connection c = DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the test store " + url, e);
    }
  }

  /** Builds a {@link BotTester}: the bots, their config sections, owners, how long to wait. */
  public static final class Builder {
    private final List<Class<?>> classes = new ArrayList<>();
    private final List<Object> beans = new ArrayList<>();
    private final Map<String, Map<String, ?>> sections = new LinkedHashMap<>();
    private final List<UserId> owners = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(10);
    private java.util.function.Consumer<FakeHomeserver> before = hs -> {};
    private OpsConfig ops = OpsConfig.defaults();
    private Duration keyWait;

    private Builder() {}

    /** Bots to run: a {@code Class} is created by Spring (constructor injection), anything else is used as is. */
    public Builder bots(Object... bots) {
      for (Object b : bots) {
        if (Objects.requireNonNull(b, "bot") instanceof Class<?> c) {
          classes.add(c);
        } else {
          beans.add(b);
        }
      }
      return this;
    }

    /**
     * The {@code bots.<name>} config section, e.g. {@code section("webhook", Map.of("port", 0))}: snake_case keys,
     * values as YAML would give them or already typed ({@code Duration.ofMinutes(5)}); see
     * {@link StewardConfig.Builder#botSection}.
     */
    public Builder section(String name, Map<String, ?> settings) {
      sections.put(Objects.requireNonNull(name, "name"), Map.copyOf(settings));
      return this;
    }

    /** Users in {@code bot.owners}, who may run every command. */
    public Builder owners(UserId... users) {
      owners.addAll(List.of(users));
      return this;
    }

    /**
     * Prepares the fake homeserver before the bot starts, after {@link #ROOM} is set up: rooms the bot must find at
     * start, or {@link FakeHomeserver#answer canned answers} it calls at once.
     */
    public Builder before(java.util.function.Consumer<FakeHomeserver> prepare) {
      this.before = Objects.requireNonNull(prepare, "prepare");
      return this;
    }

    /**
     * The ops endpoint ({@code /metrics}, {@code /status} …), e.g. {@code new OpsConfig("127.0.0.1:0",
     * Duration.ofMinutes(2), "")}; its address is {@code tester.steward().opsAddress()}. Off by default.
     */
    public Builder ops(OpsConfig ops) {
      this.ops = Objects.requireNonNull(ops, "ops");
      return this;
    }

    /**
     * Turns the bot's end-to-end encryption on and makes {@link #ROOM} encrypted: the bot decrypts what
     * {@link FakeHomeserver#encryptedUser encrypted users} say there and encrypts what it sends (read it with
     * {@link EncryptedUser#read}). An event whose room key has not come waits at most {@code keyWait}
     * ({@code encryption.key_wait}) before it is reported as undecryptable.
     */
    public Builder encrypted(Duration keyWait) {
      this.keyWait = Objects.requireNonNull(keyWait, "keyWait");
      return this;
    }

    /** How long to wait for readiness and for each {@code await…}; 10 seconds by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Starts the fake homeserver and the bot, and waits until the bot's first sync is handled. */
    public BotTester start() {
      FakeHomeserver hs = FakeHomeserver.start(BOT);
      String storeUrl = "jdbc:h2:mem:steward-test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
      Steward steward = null;
      try {
        hs.room(ROOM).member(BOT, "Bot").member(ALICE, "Alice").member(BOB, "Bob").powerLevel(BOT, 100);
        if (keyWait != null) {
          hs.room(ROOM).encrypted();
        }
        before.accept(hs);
        steward = Steward.builder(config(hs, storeUrl))
            .bots(classes.toArray(new Class<?>[0])).beans(beans.toArray()).build().start();
        if (!steward.awaitReady(timeout)) {
          throw new AssertionError("the bot was not ready within " + timeout
              + steward.failure().map(f -> ": " + f).orElse(""));
        }
        return new BotTester(hs, steward, timeout, storeUrl);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closeAll(steward, hs, storeUrl);
        throw new AssertionError("interrupted while starting the bot", e);
      } catch (RuntimeException | Error e) {
        closeAll(steward, hs, storeUrl);
        throw e;
      }
    }

    private static void closeAll(Steward steward, FakeHomeserver hs, String storeUrl) {
      try {
        if (steward != null) {
          steward.close();
        }
      } finally {
        hs.close();
        dropStore(storeUrl);
      }
    }

    private StewardConfig config(FakeHomeserver hs, String storeUrl) {
      StewardConfig.Builder config = StewardConfig.builder()
          .homeserver(hs.url())
          .password(BOT, "fake-password")
          .bot(new BotConfig("!", owners, false, true, 2, BotConfig.defaults().dedupeSize(), Duration.ofSeconds(10),
              BotConfig.defaults().outageBudget()))
          .storage(new StorageConfig(storeUrl, "", "")).ops(ops);
      if (keyWait != null) {
        // A test store's key: the bot's keys live in the in-memory store and go with it.
        config.encryption(new EncryptionConfig(true, Optional.of("steward-test-store-key"), keyWait, false));
      }
      sections.forEach(config::botSection);
      return config.build();
    }
  }
}

package dev.steward.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.runtime.Steward;
import dev.steward.client.MatrixClient;
import dev.steward.client.Reachability;
import dev.steward.client.RetryPolicy;
import dev.steward.client.testing.ExpectedFailures;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The homeserver goes away mid-stream for far longer than the client's own retries last (503s and dropped
 * connections): every command is answered exactly once after it is back, in order per room, and the outage is
 * logged once when it starts and once when it ends.
 */
@ExpectedFailures("the homeserver is away for seconds: one outage WARN, retries at debug")
class HomeserverOutageTest {
  private static final int COMMANDS = 200;
  private static final int ROOMS = 5;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  /** Works a little, then answers: the outage finds handlers mid-work and mid-send. */
  static final class SlowPingBot {
    @Command("!ping")
    void ping(CommandContext ctx, @Rest String n) throws InterruptedException {
      Thread.sleep(15);
      ctx.reply("pong " + n);
    }
  }

  @BeforeEach
  void captureLogs() {
    logs.start();
    root().addAppender(logs);
  }

  @AfterEach
  void detach() {
    root().detachAppender(logs);
  }

  private static ch.qos.logback.classic.Logger root() {
    return (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Test
  void anOutageLongerThanTheClientsRetriesCostsTimeNotACommand() throws Exception {
    FaultyHomeserver hs = runThroughOutage("10m", Duration.ofSeconds(3));

    assertEveryCommandAnsweredOnceInOrder(hs);
    assertThat(lines(Level.WARN, Reachability.class)).hasSize(1).first().asString().contains("cannot be reached");
    assertThat(lines(Level.INFO, Reachability.class)).hasSize(1).first().asString().contains("answers again after");
    assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.ERROR);
  }

  @Test
  void pastTheOutageBudgetEventsStayUnfinishedAndRunWhenTheHomeserverIsBack() throws Exception {
    FaultyHomeserver hs = runThroughOutage("1s", Duration.ofSeconds(3));

    assertEveryCommandAnsweredOnceInOrder(hs);
    assertThat(logs.list).anyMatch(e -> e.getLevel() == Level.WARN
        && e.getFormattedMessage().contains("has not answered for PT1S (bot.outage_budget)")
        && e.getFormattedMessage().contains("commands and"));
    assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.ERROR);
  }

  /** Streams the commands, takes the homeserver away for {@code outage} once a fifth are answered, then waits. */
  private FaultyHomeserver runThroughOutage(String budget, Duration outage) throws Exception {
    FaultyHomeserver hs = new FaultyHomeserver(COMMANDS, ROOMS, 20, 7L, 0.0);
    try (MockWebServer server = new MockWebServer()) {
      server.setServerSocketFactory(new FaultyHomeserver.NoDelay());
      server.setDispatcher(hs);
      server.start();
      String yaml = """
          homeserver: {url: '%s'}
          auth: {user_id: '@bot:test', access_token: not-a-real-token}
          bot: {sync_timeout: 1s, replay_on_first_start: true, outage_budget: %s}
          storage: {url: 'jdbc:h2:mem:outage-%s;DB_CLOSE_DELAY=-1'}
          """.formatted(server.url("/"), budget, UUID.randomUUID());
      // The client's own retries give up after some 0.2 s: the outage lasts over ten times as long.
      MatrixClient.Builder client = MatrixClient.builder().callTimeout(Duration.ofSeconds(2))
          .retryPolicy(new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(50), 10, Duration.ofSeconds(1)));
      Steward steward = Steward.builder(ConfigLoader.loadString(yaml, k -> null)).beans(new SlowPingBot())
          .client(client).build();
      try {
        steward.start();
        awaitAnswers(hs, COMMANDS / 5, Duration.ofSeconds(30));
        hs.down = true;
        Thread.sleep(outage.toMillis());
        assertThat(hs.repliesByCommand).as("some commands wait through the outage").hasSizeLessThan(COMMANDS);
        hs.down = false;
        awaitAnswers(hs, COMMANDS, Duration.ofSeconds(60));
        Thread.sleep(300); // a late duplicate would arrive now
      } finally {
        steward.close();
      }
    }
    return hs;
  }

  private static void awaitAnswers(FaultyHomeserver hs, int count, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (hs.repliesByCommand.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static void assertEveryCommandAnsweredOnceInOrder(FaultyHomeserver hs) {
    assertThat(hs.repliesByCommand).hasSize(COMMANDS).doesNotContainKey("none");
    assertThat(hs.repliesByCommand.values()).allSatisfy(replies -> assertThat(replies).hasSize(1));
    assertThat(hs.answeredByRoom).hasSize(ROOMS);
    hs.answeredByRoom.values().forEach(order -> assertThat(order).isSorted());
  }

  private List<String> lines(Level level, Class<?> logger) {
    return logs.list.stream().filter(e -> e.getLevel() == level && e.getLoggerName().equals(logger.getName()))
        .map(ILoggingEvent::getFormattedMessage).toList();
  }
}

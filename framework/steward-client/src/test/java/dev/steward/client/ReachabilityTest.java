package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static dev.steward.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.steward.client.testing.ExpectedFailures;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The client's shared view of whether the homeserver answers, fed by its requests and probed while down. */
@ExpectedFailures("a homeserver answering 503 and dropping connections: one outage WARN")
class ReachabilityTest {
  private static final String VERSIONS = "{\"versions\":[\"v1.11\"]}";

  private final MockWebServer server = new MockWebServer();
  private final MatrixClient client = Fixtures.client(server, Fixtures.sleeps(),
      new RetryPolicy(2, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO));
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(Reachability.class);

  @BeforeEach
  void capture() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void close() throws Exception {
    logger.detachAppender(logs);
    server.shutdown();
  }

  @Test
  void aLoneFailureThatTheRetryMendsIsNoOutage() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    server.enqueue(ok(VERSIONS));

    client.versions();

    assertThat(client.reachability().isDown()).isFalse();
    assertThat(logs.list).isEmpty();
  }

  @Test
  void anOutageIsLoggedOnceAndEndsWhenAProbeIsAnswered() throws Exception {
    for (int i = 0; i < 4; i++) {
      server.enqueue(json(503, "{\"errcode\":\"M_UNKNOWN\"}"));
    }
    assertThatThrownBy(client::versions).isInstanceOfSatisfying(MatrixException.class,
        e -> assertThat(Reachability.isOutage(e)).isTrue());
    assertThatThrownBy(client::versions).isInstanceOf(MatrixException.class);
    assertThat(client.reachability().isDown()).isTrue();
    assertThat(client.reachability().downSince()).isPresent();

    // Still down: the probe (a 503, then a dropped connection) finds nothing, and the wait runs out.
    server.enqueue(json(503, "{\"errcode\":\"M_UNKNOWN\"}"));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    assertThat(client.reachability().awaitUp(Duration.ofMillis(600))).isFalse();

    server.enqueue(ok(VERSIONS));
    assertThat(client.reachability().awaitUp(Duration.ofSeconds(10))).isTrue();

    assertThat(client.reachability().isDown()).isFalse();
    List<String> lines = logs.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("WARN homeserver").contains("cannot be reached (HTTP 503)");
    assertThat(lines.get(1)).startsWith("INFO homeserver").contains("answers again after");
    assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.ERROR);
  }

  @Test
  void aRefusalOrABugIsNoOutage() {
    assertThat(Reachability.isOutage(new MatrixException("GET /x", 403, "M_FORBIDDEN", "no", null))).isFalse();
    assertThat(Reachability.isOutage(new MatrixException("GET /x", 500, "M_UNKNOWN", "bug", null))).isFalse();
    assertThat(Reachability.isOutage(new IllegalStateException("wrapped",
        new MatrixException("GET /x", 502, null, null, null)))).isTrue();
  }
}

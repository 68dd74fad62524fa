package dev.steward.bots.welcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.store.StewardStore;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.testing.ExpectedFailures;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArrivalsTest {
  private static final RoomId ROOM = RoomId.of("!lobby:test");
  private static final RoomId OTHER = RoomId.of("!other:test");
  private static final UserId CAROL = UserId.of("@carol:test");
  private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);

  private final String url = "jdbc:h2:mem:arrivals-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @AfterEach
  void drop() throws Exception {
    try (Connection c = DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  @Test
  void aGreetingIsRememberedByTheNextStoreOnTheSameDatabase() {
    try (StewardStore first = StewardStore.open(url, "", "")) {
      new Arrivals(first.state("welcome")).greeted(ROOM, CAROL, T0);
    }
    try (StewardStore second = StewardStore.open(url, "", "")) {
      Arrivals arrivals = new Arrivals(second.state("welcome"));
      assertThat(arrivals.isArrival(ROOM, CAROL, T0.plus(DAY), DAY)).isFalse();
      assertThat(arrivals.isArrival(OTHER, CAROL, T0.plus(DAY), DAY)).as("another room").isTrue();
    }
  }

  @Test
  void aReturnIsAnArrivalOnlyAfterRegreetAfter() {
    try (StewardStore store = StewardStore.open(url, "", "")) {
      Arrivals arrivals = new Arrivals(store.state("welcome"));
      assertThat(arrivals.isArrival(ROOM, CAROL, T0, DAY)).as("never seen").isTrue();
      arrivals.greeted(ROOM, CAROL, T0);
      arrivals.left(ROOM, CAROL, T0.plusSeconds(60));

      assertThat(arrivals.isArrival(ROOM, CAROL, T0.plusSeconds(60).plus(DAY), DAY)).as("back after a day").isFalse();
      assertThat(arrivals.isArrival(ROOM, CAROL, T0.plusSeconds(61).plus(DAY), DAY)).as("a moment later").isTrue();
      assertThat(arrivals.get(ROOM, CAROL)).contains(new Arrivals.Member(T0, T0.plusSeconds(60)));
    }
  }

  @Test
  void aGreetingForgetsTheEarlierLeaveAndALeaveKeepsTheGreeting() {
    try (StewardStore store = StewardStore.open(url, "", "")) {
      Arrivals arrivals = new Arrivals(store.state("welcome"));
      arrivals.left(ROOM, CAROL, T0);
      assertThat(arrivals.get(ROOM, CAROL)).contains(new Arrivals.Member(null, T0));
      arrivals.greeted(ROOM, CAROL, T0.plus(DAY));
      assertThat(arrivals.get(ROOM, CAROL)).contains(new Arrivals.Member(T0.plus(DAY), null));
      assertThat(arrivals.isArrival(ROOM, CAROL, T0.plus(DAY).plus(DAY), Duration.ZERO)).as("still here").isFalse();
    }
  }

  @Test
  @ExpectedFailures("an unreadable record in the store: one warning")
  void anUnreadableRecordCountsAsNone() {
    try (StewardStore store = StewardStore.open(url, "", "")) {
      store.state("welcome").put(ROOM.value() + " " + CAROL.value(), "not json {");
      assertThat(new Arrivals(store.state("welcome")).isArrival(ROOM, CAROL, T0, DAY)).isTrue();
    }
  }
}

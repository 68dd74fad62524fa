package dev.steward.bot.schedule;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.bot.config.SchedulerConfig;
import dev.steward.bot.store.StewardStore;
import dev.steward.client.MatrixClient;
import dev.steward.client.RetryPolicy;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.internal.Json;
import java.time.Instant;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in delayed actions, due at once, make the requests they promise. */
class BuiltInActionsTest {
  private static final RoomId ROOM = RoomId.of("!room:localhost");
  private static final UserId BOB = UserId.of("@bob:localhost");

  private final MockWebServer server = new MockWebServer();
  private StewardStore store;
  private StewardScheduler scheduler;

  @BeforeEach
  void open() {
    MatrixClient client = MatrixClient.builder().homeserver(server.url("/")).accessToken("t")
        .userId(UserId.of("@bot:localhost")).retryPolicy(RetryPolicy.NONE).build();
    store = StewardStore.open("jdbc:h2:mem:actions-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "", "");
    scheduler = StewardScheduler.create(SchedulerConfig.defaults(), store.dataSource(), client);
    scheduler.start();
  }

  @AfterEach
  void close() throws Exception {
    scheduler.close();
    store.close();
    server.shutdown();
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private static JsonNode body(RecordedRequest r) throws Exception {
    return Json.mapper().readTree(r.getBody().readUtf8());
  }

  @Test
  void unmuteSetsThePowerLevelBackKeepingTheOthers() throws Exception {
    server.enqueue(json("{\"users\":{\"@bot:localhost\":100,\"@bob:localhost\":-1},\"events_default\":0}"));
    server.enqueue(json("{\"event_id\":\"$pl\"}"));

    scheduler.delayedActions().scheduleUnmute(ROOM, BOB, 50, Instant.now());

    RecordedRequest get = server.takeRequest(10, SECONDS);
    assertThat(get.getMethod()).isEqualTo("GET");
    assertThat(get.getPath()).isEqualTo("/_matrix/client/v3/rooms/!room:localhost/state/m.room.power_levels/");
    RecordedRequest put = server.takeRequest(10, SECONDS);
    assertThat(put.getMethod()).isEqualTo("PUT");
    assertThat(put.getPath()).isEqualTo("/_matrix/client/v3/rooms/!room:localhost/state/m.room.power_levels/");
    JsonNode levels = body(put);
    assertThat(levels.path("users").path("@bob:localhost").asInt()).isEqualTo(50);
    assertThat(levels.path("users").path("@bot:localhost").asInt()).isEqualTo(100);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void unbanPostsTheUnban() throws Exception {
    server.enqueue(json("{}"));

    scheduler.delayedActions().scheduleUnban(ROOM, BOB, Instant.now().minusSeconds(5));

    RecordedRequest r = server.takeRequest(10, SECONDS);
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getPath()).isEqualTo("/_matrix/client/v3/rooms/!room:localhost/unban");
    assertThat(body(r).path("user_id").asText()).isEqualTo("@bob:localhost");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void reminderSendsANotice() throws Exception {
    server.enqueue(json("{\"event_id\":\"$n\"}"));

    scheduler.delayedActions().scheduleReminder(ROOM, "stand-up in 5 minutes", Instant.now());

    RecordedRequest r = server.takeRequest(10, SECONDS);
    assertThat(r.getMethod()).isEqualTo("PUT");
    assertThat(r.getPath()).startsWith("/_matrix/client/v3/rooms/!room:localhost/send/m.room.message/");
    JsonNode content = body(r);
    assertThat(content.path("msgtype").asText()).isEqualTo("m.notice");
    assertThat(content.path("body").asText()).isEqualTo("stand-up in 5 minutes");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}

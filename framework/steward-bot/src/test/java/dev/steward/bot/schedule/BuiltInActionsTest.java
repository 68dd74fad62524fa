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
import java.time.Duration;
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
  private static final String ROOM_PATH = "/_matrix/client/v3/rooms/!room:localhost";

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
  void unmuteOfAUserMutedByHandSetsThePowerLevelBackKeepingTheOthers() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
        .setBody("{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no mute record\"}"));
    server.enqueue(json("{\"users\":{\"@bot:localhost\":100,\"@bob:localhost\":-1},\"events_default\":0}"));
    server.enqueue(json("{\"event_id\":\"$pl\"}"));

    scheduler.delayedActions().scheduleUnmute(ROOM, BOB, 50, Instant.now());

    RecordedRequest record = server.takeRequest(10, SECONDS);
    assertThat(record.getPath()).isEqualTo(ROOM_PATH + "/state/dev.steward.mute/user:@bob:localhost");
    RecordedRequest get = server.takeRequest(10, SECONDS);
    assertThat(get.getMethod()).isEqualTo("GET");
    assertThat(get.getPath()).isEqualTo(ROOM_PATH + "/state/m.room.power_levels/");
    RecordedRequest put = server.takeRequest(10, SECONDS);
    assertThat(put.getMethod()).isEqualTo("PUT");
    assertThat(put.getPath()).isEqualTo(ROOM_PATH + "/state/m.room.power_levels/");
    JsonNode levels = body(put);
    assertThat(levels.path("users").path("@bob:localhost").asInt()).isEqualTo(50);
    assertThat(levels.path("users").path("@bot:localhost").asInt()).isEqualTo(100);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void unmuteOfAStewardMuteGoesThroughModerationAndClearsTheRecord() throws Exception {
    server.enqueue(json("{\"muted\":true,\"user\":\"@bob:localhost\",\"previous_level\":10}"));
    server.enqueue(json("{\"muted\":true,\"user\":\"@bob:localhost\",\"previous_level\":10}"));
    server.enqueue(json(stateWithMute("")));
    server.enqueue(json("{\"event_id\":\"$pl\"}"));
    server.enqueue(json("{\"event_id\":\"$clear\"}"));

    scheduler.delayedActions().scheduleUnmute(ROOM, BOB, 50, Instant.now());

    server.takeRequest(10, SECONDS); // isMuted
    server.takeRequest(10, SECONDS); // mutedUntil
    assertThat(server.takeRequest(10, SECONDS).getPath()).isEqualTo(ROOM_PATH + "/state");
    JsonNode levels = body(server.takeRequest(10, SECONDS));
    assertThat(levels.path("users").path("@bob:localhost").asInt()).as("the recorded level, not 50").isEqualTo(10);
    RecordedRequest clear = server.takeRequest(10, SECONDS);
    assertThat(clear.getPath()).isEqualTo(ROOM_PATH + "/state/dev.steward.mute/user:@bob:localhost");
    assertThat(body(clear).toString()).isEqualTo("{}");
  }

  @Test
  void muteForADurationRecordsTheExpiryAndItsUnmuteEndsIt() throws Exception {
    server.enqueue(json("[{\"type\":\"m.room.create\",\"state_key\":\"\",\"sender\":\"@bot:localhost\","
        + "\"content\":{\"room_version\":\"10\"}},{\"type\":\"m.room.power_levels\",\"state_key\":\"\","
        + "\"sender\":\"@bot:localhost\",\"content\":{\"users\":{\"@bot:localhost\":100}}}]"));
    server.enqueue(json("{\"event_id\":\"$record\"}"));
    server.enqueue(json("{\"event_id\":\"$pl\"}"));
    Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

    String id = scheduler.delayedActions().mute(ROOM, BOB, Duration.ofHours(1));

    server.takeRequest(10, SECONDS);
    JsonNode record = body(server.takeRequest(10, SECONDS));
    Instant until = Instant.ofEpochMilli(record.path("expires_at").asLong());
    assertThat(until).isBetween(before.plus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)));
    assertThat(body(server.takeRequest(10, SECONDS)).path("users").path("@bob:localhost").asInt()).isEqualTo(-1);
    assertThat(scheduler.delayedActions().dueAt(id)).hasValueSatisfying(
        at -> assertThat(at.toEpochMilli() / 1000).isEqualTo(until.toEpochMilli() / 1000));
  }

  @Test
  void aDueTimedUnmuteLeavesAMuteExtendedSinceAndMovesToItsExpiry() throws Exception {
    long expiry = System.currentTimeMillis() + 3_600_000;
    String later = "{\"muted\":true,\"user\":\"@bob:localhost\",\"expires_at\":" + expiry + "}";
    server.enqueue(json(later));
    server.enqueue(json(later));
    server.enqueue(json(stateWithMute(",\"expires_at\":" + (System.currentTimeMillis() + 3_600_000))));
    server.enqueue(json("{\"event_id\":\"$unexpected\"}"));

    scheduler.delayedActions().scheduleUnmute(ROOM, BOB, Instant.now());

    for (int i = 0; i < 3; i++) {
      assertThat(server.takeRequest(10, SECONDS).getMethod()).isEqualTo("GET");
    }
    assertThat(server.takeRequest(300, java.util.concurrent.TimeUnit.MILLISECONDS)).as("no write").isNull();
    assertThat(scheduler.jobs(5)).as("an unmute at the new expiry, for a mute that has no unmute of its own")
        .singleElement().satisfies(j -> assertThat(j.next()).contains(Instant.ofEpochMilli(expiry)));
  }

  private static String stateWithMute(String extra) {
    return "[{\"type\":\"m.room.create\",\"state_key\":\"\",\"sender\":\"@bot:localhost\","
        + "\"content\":{\"room_version\":\"10\"}},{\"type\":\"m.room.power_levels\",\"state_key\":\"\","
        + "\"sender\":\"@bot:localhost\",\"content\":{\"users\":{\"@bot:localhost\":100,\"@bob:localhost\":-1}}},"
        + "{\"type\":\"dev.steward.mute\",\"state_key\":\"user:@bob:localhost\",\"sender\":\"@bot:localhost\","
        + "\"content\":{\"muted\":true,\"user\":\"@bob:localhost\",\"previous_level\":10" + extra + "}}]";
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

package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static dev.steward.client.Fixtures.ok;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.Json;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModerationTest {
  private static final RoomId ROOM = RoomId.of("!r:localhost");
  private static final UserId ALICE = UserId.of("@alice:localhost");
  private static final String ROOM_PATH = "/_matrix/client/v3/rooms/!r:localhost";
  private final MockWebServer server = new MockWebServer();
  private final MatrixClient client = Fixtures.client(server, Fixtures.sleeps(), RetryPolicy.NONE);

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  /** A /state answer: the create event (creator, version), power levels, and extra events. */
  private static String state(String creator, String version, String powerLevels, String... extra) {
    StringBuilder b = new StringBuilder("[{\"type\":\"m.room.create\",\"state_key\":\"\",\"sender\":\"" + creator
        + "\",\"content\":{\"room_version\":\"" + version + "\"}},"
        + "{\"type\":\"m.room.power_levels\",\"state_key\":\"\",\"sender\":\"" + creator + "\",\"content\":"
        + powerLevels + "}");
    for (String e : extra) {
      b.append(',').append(e);
    }
    return b.append(']').toString();
  }

  private static String member(String user, String membership) {
    return "{\"type\":\"m.room.member\",\"state_key\":\"" + user + "\",\"sender\":\"" + user
        + "\",\"content\":{\"membership\":\"" + membership + "\"}}";
  }

  private JsonNode body(RecordedRequest r) throws Exception {
    return Json.mapper().readTree(r.getBody().readUtf8());
  }

  @Test
  void muteRecordsThePreviousLevelThenSetsItBelowEventsDefault() throws Exception {
    server.enqueue(ok(state("@bot:localhost", "10",
        "{\"users\":{\"@bot:localhost\":100,\"@alice:localhost\":10},\"events_default\":0}")));
    server.enqueue(ok("{\"event_id\":\"$1\"}"));
    server.enqueue(ok("{\"event_id\":\"$2\"}"));

    assertThat(client.moderation().mute(ROOM, ALICE)).isTrue();

    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo(ROOM_PATH + "/state");
    RecordedRequest record = server.takeRequest(5, SECONDS);
    assertThat(record.getMethod()).isEqualTo("PUT");
    assertThat(record.getPath()).isEqualTo(ROOM_PATH + "/state/dev.steward.mute/user:@alice:localhost");
    assertThat(body(record).toString())
        .isEqualTo("{\"muted\":true,\"user\":\"@alice:localhost\",\"previous_level\":10}");
    RecordedRequest pl = server.takeRequest(5, SECONDS);
    assertThat(pl.getPath()).isEqualTo(ROOM_PATH + "/state/m.room.power_levels/");
    assertThat(body(pl).path("users").toString()).isEqualTo("{\"@bot:localhost\":100,\"@alice:localhost\":-1}");
  }

  @Test
  void muteNeverRaisesALevelAlreadyBelowEventsDefault() throws Exception {
    server.enqueue(ok(state("@bot:localhost", "10",
        "{\"users\":{\"@bot:localhost\":100,\"@alice:localhost\":-5},\"events_default\":0}")));
    server.enqueue(ok("{\"event_id\":\"$1\"}"));

    assertThat(client.moderation().mute(ROOM, ALICE)).isTrue();

    server.takeRequest(5, SECONDS);
    assertThat(body(server.takeRequest(5, SECONDS)).path("previous_level").asLong()).isEqualTo(-5);
    assertThat(server.getRequestCount()).as("no power-level change needed").isEqualTo(2);
  }

  @Test
  void muteRefusesAUserAtTheBotsLevel() {
    server.enqueue(ok(state("@bot:localhost", "10", "{\"users\":{\"@bot:localhost\":50,\"@alice:localhost\":50}}")));

    RoomException e = catchThrowableOfType(RoomException.class, () -> client.moderation().mute(ROOM, ALICE));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.FORBIDDEN);
    assertThat(e.getMessage()).contains("power level 50 is not below the bot's 50");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void muteNamesTheLevelNeededToChangePowerLevels() {
    server.enqueue(ok(state("@bot:localhost", "10",
        "{\"users\":{\"@bot:localhost\":50},\"events\":{\"m.room.power_levels\":100}}")));

    RoomException e = catchThrowableOfType(RoomException.class, () -> client.moderation().mute(ROOM, ALICE));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.FORBIDDEN);
    assertThat(e.neededLevel()).hasValue(100);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void inRoomVersion12TheCreatorOutranksEveryone() throws Exception {
    server.enqueue(ok(state("@bot:localhost", "12", "{\"users\":{\"@alice:localhost\":100}}")));
    server.enqueue(ok("{\"event_id\":\"$1\"}"));
    server.enqueue(ok("{\"event_id\":\"$2\"}"));

    assertThat(client.moderation().mute(ROOM, ALICE)).isTrue();
  }

  @Test
  void unmuteRemovesTheEntryWhenThereWasNoneAndClearsTheRecord() throws Exception {
    server.enqueue(ok(state("@bot:localhost", "10",
        "{\"users\":{\"@bot:localhost\":100,\"@alice:localhost\":-1}}",
        "{\"type\":\"dev.steward.mute\",\"state_key\":\"user:@alice:localhost\",\"sender\":\"@bot:localhost\","
            + "\"content\":{\"muted\":true,\"user\":\"@alice:localhost\"}}")));
    server.enqueue(ok("{\"event_id\":\"$1\"}"));
    server.enqueue(ok("{\"event_id\":\"$2\"}"));

    assertThat(client.moderation().unmute(ROOM, ALICE)).isTrue();

    server.takeRequest(5, SECONDS);
    RecordedRequest pl = server.takeRequest(5, SECONDS);
    assertThat(pl.getPath()).isEqualTo(ROOM_PATH + "/state/m.room.power_levels/");
    assertThat(body(pl).path("users").toString()).isEqualTo("{\"@bot:localhost\":100}");
    RecordedRequest clear = server.takeRequest(5, SECONDS);
    assertThat(clear.getPath()).isEqualTo(ROOM_PATH + "/state/dev.steward.mute/user:@alice:localhost");
    assertThat(body(clear).toString()).isEqualTo("{}");
  }

  @Test
  void unmuteWithoutARecordChangesNothing() {
    server.enqueue(ok(state("@bot:localhost", "10", "{\"users\":{\"@bot:localhost\":100}}")));

    assertThat(client.moderation().unmute(ROOM, ALICE)).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void archiveRecordsPresentAndAbsentFieldsThenRaisesThem() throws Exception {
    server.enqueue(ok(state("@bot:localhost", "10", "{\"users\":{\"@bot:localhost\":100},\"events_default\":0}")));
    server.enqueue(ok("{\"event_id\":\"$1\"}"));
    server.enqueue(ok("{\"event_id\":\"$2\"}"));

    assertThat(client.moderation().archive(ROOM)).isTrue();

    server.takeRequest(5, SECONDS);
    RecordedRequest record = server.takeRequest(5, SECONDS);
    assertThat(record.getPath()).isEqualTo(ROOM_PATH + "/state/dev.steward.archive/");
    assertThat(body(record).toString()).isEqualTo(
        "{\"archived\":true,\"previous\":{\"events_default\":0,\"state_default\":null,\"invite\":null}}");
    JsonNode pl = body(server.takeRequest(5, SECONDS));
    assertThat(pl.path("events_default").asLong()).isEqualTo(50);
    assertThat(pl.path("state_default").asLong()).isEqualTo(50);
    assertThat(pl.path("invite").asLong()).isEqualTo(50);
  }

  @Test
  void unarchiveRestoresTheRecordedFieldsExactly() throws Exception {
    server.enqueue(ok(state("@bot:localhost", "10",
        "{\"users\":{\"@bot:localhost\":100},\"events_default\":50,\"state_default\":50,\"invite\":50,\"kick\":50}",
        "{\"type\":\"dev.steward.archive\",\"state_key\":\"\",\"sender\":\"@bot:localhost\",\"content\":"
            + "{\"archived\":true,\"previous\":{\"events_default\":0,\"state_default\":null,\"invite\":null}}}")));
    server.enqueue(ok("{\"event_id\":\"$1\"}"));
    server.enqueue(ok("{\"event_id\":\"$2\"}"));

    assertThat(client.moderation().unarchive(ROOM)).isTrue();

    server.takeRequest(5, SECONDS);
    assertThat(body(server.takeRequest(5, SECONDS)).toString())
        .isEqualTo("{\"users\":{\"@bot:localhost\":100},\"events_default\":0,\"kick\":50}");
    assertThat(body(server.takeRequest(5, SECONDS)).toString()).isEqualTo("{\"archived\":false}");
  }

  @Test
  void sendTextInAnArchivedRoomIsRefused() throws Exception {
    server.enqueue(ok("{\"archived\":true,\"previous\":{}}"));

    RoomException e = catchThrowableOfType(RoomException.class, () -> client.moderation().sendText(ROOM, "hi"));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.ARCHIVED);
    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo(ROOM_PATH + "/state/dev.steward.archive/");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void closeIsRefusedToANonCreatorBelow100() {
    server.enqueue(ok(state("@alice:localhost", "10", "{\"users\":{\"@alice:localhost\":100,\"@bot:localhost\":50}}")));

    RoomException e = catchThrowableOfType(RoomException.class, () -> client.moderation().close(ROOM, "bye"));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.FORBIDDEN);
    assertThat(e.neededLevel()).hasValue(100);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void closeAsServerAdminUsesTheAdminRoomDelete() throws Exception {
    server.enqueue(ok(state("@bot:localhost", "10", "{\"users\":{\"@bot:localhost\":100}}")));
    server.enqueue(ok("{\"admin\":true}"));
    server.enqueue(ok("{\"kicked_users\":[]}"));

    assertThat(client.moderation().close(ROOM, null)).isEqualTo(Moderation.Closed.DELETED_BY_ADMIN);

    server.takeRequest(5, SECONDS);
    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo("/_synapse/admin/v1/users/@bot:localhost/admin");
    RecordedRequest delete = server.takeRequest(5, SECONDS);
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getPath()).isEqualTo("/_synapse/admin/v1/rooms/!r:localhost");
    assertThat(body(delete).toString()).isEqualTo("{\"block\":false,\"purge\":true}");
  }

  @Test
  void closeWithoutAdminLocksUnpublishesDropsAliasesRemovesEveryoneThenLeaves() throws Exception {
    server.enqueue(ok(state("@bot:localhost", "10", "{\"users\":{\"@bot:localhost\":100}}",
        member("@bot:localhost", "join"), member("@alice:localhost", "join"), member("@carol:localhost", "invite"),
        member("@erin:localhost", "knock"), member("@dave:localhost", "leave"),
        "{\"type\":\"m.room.canonical_alias\",\"state_key\":\"\",\"sender\":\"@bot:localhost\","
            + "\"content\":{\"alias\":\"#hq:localhost\",\"alt_aliases\":[\"#hq:elsewhere.org\"]}}")));
    server.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You are not a server admin\"}"));
    server.enqueue(ok("{\"aliases\":[\"#hq:localhost\",\"#old-hq:localhost\"]}"));
    for (int i = 0; i < 10; i++) {
      server.enqueue(ok("{\"event_id\":\"$" + i + "\"}"));
    }

    assertThat(client.moderation().close(ROOM, "done")).isEqualTo(Moderation.Closed.EMPTIED_AND_LEFT);

    server.takeRequest(5, SECONDS);
    server.takeRequest(5, SECONDS);
    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo(ROOM_PATH + "/aliases");
    RecordedRequest rule = server.takeRequest(5, SECONDS);
    assertThat(rule.getPath()).isEqualTo(ROOM_PATH + "/state/m.room.join_rules/");
    assertThat(body(rule).toString()).isEqualTo("{\"join_rule\":\"invite\"}");
    RecordedRequest unpublish = server.takeRequest(5, SECONDS);
    assertThat(unpublish.getPath()).isEqualTo("/_matrix/client/v3/directory/list/room/!r:localhost");
    assertThat(body(unpublish).toString()).isEqualTo("{\"visibility\":\"private\"}");
    RecordedRequest alias1 = server.takeRequest(5, SECONDS);
    assertThat(alias1.getMethod()).isEqualTo("DELETE");
    assertThat(alias1.getPath()).isEqualTo("/_matrix/client/v3/directory/room/%23hq:localhost");
    assertThat(server.takeRequest(5, SECONDS).getPath()).as("only this server's aliases")
        .isEqualTo("/_matrix/client/v3/directory/room/%23old-hq:localhost");
    RecordedRequest canonical = server.takeRequest(5, SECONDS);
    assertThat(canonical.getPath()).isEqualTo(ROOM_PATH + "/state/m.room.canonical_alias/");
    assertThat(body(canonical).toString()).isEqualTo("{}");
    RecordedRequest kickAlice = server.takeRequest(5, SECONDS);
    assertThat(kickAlice.getPath()).isEqualTo(ROOM_PATH + "/kick");
    assertThat(body(kickAlice).toString()).isEqualTo("{\"reason\":\"done\",\"user_id\":\"@alice:localhost\"}");
    assertThat(body(server.takeRequest(5, SECONDS)).path("user_id").asText()).isEqualTo("@carol:localhost");
    assertThat(body(server.takeRequest(5, SECONDS)).path("user_id").asText()).as("the knock refused")
        .isEqualTo("@erin:localhost");
    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo(ROOM_PATH + "/leave");
    assertThat(server.takeRequest(5, SECONDS).getPath()).isEqualTo(ROOM_PATH + "/forget");
    assertThat(server.getRequestCount()).isEqualTo(13);
  }

  @Test
  void closeRefusesBeforeChangingAnythingWhenSomeoneIsOutOfReach() {
    server.enqueue(ok(state("@bot:localhost", "10",
        "{\"users\":{\"@bot:localhost\":100,\"@alice:localhost\":100,\"@carol:localhost\":100}}",
        member("@bot:localhost", "join"), member("@zed:localhost", "join"), member("@alice:localhost", "join"),
        member("@carol:localhost", "invite"))));
    server.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You are not a server admin\"}"));

    RoomException e = catchThrowableOfType(RoomException.class, () -> client.moderation().close(ROOM, "bye"));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.FORBIDDEN);
    assertThat(e.getMessage()).contains("nothing was changed").contains("@alice:localhost, @carol:localhost")
        .doesNotContain("@zed");
    assertThat(server.getRequestCount()).as("reads only").isEqualTo(2);
  }

  @Test
  void aRoomTheBotCannotSeeIsNotFound() {
    server.enqueue(json(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Unknown room\"}"));

    RoomException e = catchThrowableOfType(RoomException.class, () -> client.moderation().archive(ROOM));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.NOT_FOUND);
  }
}

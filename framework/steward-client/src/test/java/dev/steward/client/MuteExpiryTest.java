package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Moderation.mute with an expiry, mutedUntil and unmuteIfDue. */
class MuteExpiryTest extends MockHomeserver {
  private static final UserId ALICE = UserId.of("@alice:localhost");
  private static final String RECORD = ROOM_PATH + "/state/dev.steward.mute/user:@alice:localhost";
  private static final String PL = ROOM_PATH + "/state/m.room.power_levels/";
  private static final Instant UNTIL = Instant.ofEpochMilli(1_800_000_000_000L);

  private static String state(String... extra) {
    StringBuilder b = new StringBuilder("[" + event("$c", "m.room.create", "", "{\"room_version\":\"10\"}")
        .replace("@alice:localhost", "@bot:localhost") + ","
        + event("$p", "m.room.power_levels", "", "{\"users\":{\"@bot:localhost\":100,\"@alice:localhost\":-1}}"));
    for (String e : extra) {
      b.append(',').append(e);
    }
    return b.append(']').toString();
  }

  private static String record(String extra) {
    return event("$m", "dev.steward.mute", "user:@alice:localhost",
        "{\"muted\":true,\"user\":\"@alice:localhost\",\"previous_level\":10" + extra + "}");
  }

  @Test
  void muteWithAnExpiryRecordsItWithTheMute() {
    answer("[" + event("$c", "m.room.create", "", "{\"room_version\":\"10\"}").replace("@alice:localhost",
        "@bot:localhost") + "," + event("$p", "m.room.power_levels", "", "{\"users\":{\"@bot:localhost\":100}}")
        + "]");
    answer("{\"event_id\":\"$1\"}");
    answer("{\"event_id\":\"$2\"}");

    assertThat(client.moderation().mute(ROOM, ALICE, UNTIL)).isTrue();

    take("GET", ROOM_PATH + "/state");
    assertThat(body(take("PUT", RECORD))).isEqualTo(json(
        "{\"muted\":true,\"user\":\"@alice:localhost\",\"expires_at\":1800000000000}"));
    assertThat(body(take("PUT", PL)).path("users").path("@alice:localhost").asLong()).isEqualTo(-1);
  }

  @Test
  void mutingAgainOnlyMovesTheExpiry() {
    answer(state(record(",\"expires_at\":1")));
    answer("{\"event_id\":\"$1\"}");
    answer(state(record(",\"expires_at\":1800000000000")));

    assertThat(client.moderation().mute(ROOM, ALICE, UNTIL)).isFalse();
    assertThat(client.moderation().mute(ROOM, ALICE, UNTIL)).as("same expiry: nothing to write").isFalse();

    take("GET", ROOM_PATH + "/state");
    assertThat(body(take("PUT", RECORD))).isEqualTo(json(
        "{\"muted\":true,\"user\":\"@alice:localhost\",\"previous_level\":10,\"expires_at\":1800000000000}"));
    take("GET", ROOM_PATH + "/state");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void mutedUntilReadsTheRecordedExpiry() {
    answer("{\"muted\":true,\"expires_at\":1800000000000}");
    answer("{\"muted\":true}");
    answer("{}");

    assertThat(client.moderation().mutedUntil(ROOM, ALICE)).contains(UNTIL);
    assertThat(client.moderation().mutedUntil(ROOM, ALICE)).as("muted until unmuted").isEmpty();
    assertThat(client.moderation().mutedUntil(ROOM, ALICE)).as("not muted").isEmpty();
    for (int i = 0; i < 3; i++) {
      take("GET", RECORD);
    }
  }

  @Test
  void unmuteIfDueEndsADueMuteLikeUnmute() {
    answer(state(record(",\"expires_at\":1800000000000")));
    answer("{\"event_id\":\"$1\"}");
    answer("{\"event_id\":\"$2\"}");

    assertThat(client.moderation().unmuteIfDue(ROOM, ALICE, UNTIL)).isTrue();

    take("GET", ROOM_PATH + "/state");
    assertThat(body(take("PUT", PL)).path("users").path("@alice:localhost").asLong()).isEqualTo(10);
    assertThat(body(take("PUT", RECORD))).isEqualTo(json("{}"));
  }

  @Test
  void unmuteIfDueLeavesALaterOrOpenEndedMute() {
    answer(state(record(",\"expires_at\":1800000000000")));
    answer(state(record("")));
    answer(state());

    assertThat(client.moderation().unmuteIfDue(ROOM, ALICE, UNTIL.minusMillis(1))).as("muted until later").isFalse();
    assertThat(client.moderation().unmuteIfDue(ROOM, ALICE, UNTIL)).as("muted until unmuted").isFalse();
    assertThat(client.moderation().unmuteIfDue(ROOM, ALICE, UNTIL)).as("not muted").isFalse();

    assertThat(server.getRequestCount()).as("reads only").isEqualTo(3);
  }
}

package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** Rooms.leave refuses to strand a room without anyone able to manage it, unless forced. */
class LeaveGuardTest extends MockHomeserver {

  private static String state(String levels, String... members) {
    StringBuilder b = new StringBuilder("[" + event("$c", "m.room.create", "", "{\"room_version\":\"10\"}") + ","
        + event("$p", "m.room.power_levels", "", levels));
    for (String m : members) {
      String[] um = m.split("=");
      b.append(',').append(event("$" + um[0], "m.room.member", um[0], "{\"membership\":\"" + um[1] + "\"}"));
    }
    return b.append(']').toString();
  }

  @Test
  void theLastManagerWithOthersStayingIsRefusedAndNothingIsSent() {
    answer(state("{\"users\":{\"@bot:localhost\":100,\"@alice:localhost\":50},\"events\":{\"m.room.power_levels\""
        + ":100}}", "@bot:localhost=join", "@alice:localhost=join", "@carol:localhost=invite"));

    RoomException e = catchThrowableOfType(RoomException.class, () -> client.rooms().leave(ROOM, "bye"));

    assertThat(e.reason()).isEqualTo(RoomException.Reason.FORBIDDEN);
    assertThat(e.getMessage()).contains("last of the 2 joined members able to manage");
    assertThat(e.neededLevel()).hasValue(100);
    take("GET", ROOM_PATH + "/state");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void forcedLeaveSkipsTheCheck() {
    answerEmpty();

    client.rooms().leave(ROOM, "bye", true);

    assertThat(body(take("POST", ROOM_PATH + "/leave"))).isEqualTo(json("{\"reason\":\"bye\"}"));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void leavesWhenAnotherManagerStaysOrNobodyElseIsJoined() {
    answer(state("{\"users\":{\"@bot:localhost\":100,\"@alice:localhost\":100}}",
        "@bot:localhost=join", "@alice:localhost=join"));
    answerEmpty();
    answer(state("{\"users\":{\"@bot:localhost\":100}}", "@bot:localhost=join", "@alice:localhost=leave"));
    answerEmpty();
    answer(state("{\"users\":{\"@alice:localhost\":100},\"events\":{\"m.room.power_levels\":100}}",
        "@bot:localhost=join", "@alice:localhost=join"));
    answerEmpty();

    client.rooms().leave(ROOM);
    client.rooms().leave(ROOM);
    client.rooms().leave(ROOM);

    for (int i = 0; i < 3; i++) {
      take("GET", ROOM_PATH + "/state");
      take("POST", ROOM_PATH + "/leave");
    }
  }

  @Test
  void anInviteeWhoCannotReadTheStateStillDeclines() {
    answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"User @bot:localhost not in room !room:localhost\"}");
    answerEmpty();

    client.rooms().leave(ROOM);

    take("GET", ROOM_PATH + "/state");
    take("POST", ROOM_PATH + "/leave");
  }
}

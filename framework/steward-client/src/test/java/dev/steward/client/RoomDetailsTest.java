package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.model.HistoryVisibility;
import dev.steward.client.model.JoinRule;
import dev.steward.client.model.RoomDetails;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rooms.details: one read of the state, and the spec's room-name algorithm. */
class RoomDetailsTest extends MockHomeserver {

  private static String state(String... events) {
    List<String> all = new ArrayList<>(List.of(event("$c", "m.room.create", "",
        "{\"room_version\":\"10\",\"creator\":\"@alice:localhost\"}")));
    all.addAll(List.of(events));
    return "[" + String.join(",", all) + "]";
  }

  private static String member(String user, String membership, String displayName) {
    return event("$m" + user.hashCode(), "m.room.member", user, "{\"membership\":\"" + membership + "\""
        + (displayName == null ? "" : ",\"displayname\":\"" + displayName + "\"") + "}");
  }

  private String nameOf(String... events) {
    answer(state(events));
    String name = client.rooms().details(ROOM).displayName();
    take("GET", ROOM_PATH + "/state");
    return name;
  }

  @Test
  void detailsReadEverySettingFromOneStateRead() {
    answer(state(
        event("$n", "m.room.name", "", "{\"name\":\"Lobby\"}"),
        event("$t", "m.room.topic", "", "{\"topic\":\"say hi\"}"),
        event("$a", "m.room.avatar", "", "{\"url\":\"mxc://localhost/av\"}"),
        event("$ca", "m.room.canonical_alias", "", "{\"alias\":\"#lobby:localhost\"}"),
        event("$j", "m.room.join_rules", "", "{\"join_rule\":\"knock\"}"),
        event("$h", "m.room.history_visibility", "", "{\"history_visibility\":\"joined\"}"),
        event("$e", "m.room.encryption", "", "{\"algorithm\":\"m.megolm.v1.aes-sha2\"}"),
        event("$p", "m.room.power_levels", "", "{\"users\":{\"@alice:localhost\":100},\"events_default\":50}"),
        event("$s", "m.space.parent", "!space:localhost", "{\"via\":[\"localhost\"]}"),
        event("$s2", "m.space.parent", "!old:localhost", "{}"),
        event("$x", "dev.steward.archive", "", "{\"archived\":true}"),
        event("$acl", "m.room.server_acl", "", "{\"allow\":[\"localhost\"],\"deny\":[]}"),
        member("@alice:localhost", "join", "Alice"), member("@bot:localhost", "join", null),
        member("@bob:localhost", "invite", null), member("@carol:localhost", "leave", null)));

    RoomDetails d = client.rooms().details(ROOM);

    take("GET", ROOM_PATH + "/state");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(d.roomId()).isEqualTo(ROOM);
    assertThat(d.displayName()).isEqualTo("Lobby");
    assertThat(d.name()).isEqualTo("Lobby");
    assertThat(d.topic()).isEqualTo("say hi");
    assertThat(d.avatarUrl()).isEqualTo("mxc://localhost/av");
    assertThat(d.canonicalAlias()).isEqualTo(RoomAlias.of("#lobby:localhost"));
    assertThat(d.joinedMembers()).isEqualTo(2);
    assertThat(d.invitedMembers()).isEqualTo(1);
    assertThat(d.joinRule()).isEqualTo(JoinRule.KNOCK);
    assertThat(d.historyVisibility()).isEqualTo(HistoryVisibility.JOINED);
    assertThat(d.encrypted()).isTrue();
    assertThat(d.roomType()).isNull();
    assertThat(d.isSpace()).isFalse();
    assertThat(d.creator()).isEqualTo(UserId.of("@alice:localhost"));
    assertThat(d.roomVersion()).isEqualTo("10");
    assertThat(d.readOnly()).isTrue();
    assertThat(d.federated()).as("the ACL admits only the creator's server").isFalse();
    assertThat(d.archived()).isTrue();
    assertThat(d.parentSpaces()).as("a parent without via is removed").containsExactly(RoomId.of("!space:localhost"));
  }

  @Test
  void aBareRoomHasNullsAndDefaults() {
    answer("[" + event("$c", "m.room.create", "", "{\"type\":\"m.space\",\"m.federate\":false}") + ","
        + member("@bot:localhost", "join", null) + "]");

    RoomDetails d = client.rooms().details(ROOM);

    take("GET", ROOM_PATH + "/state");
    assertThat(d.name()).isNull();
    assertThat(d.topic()).isNull();
    assertThat(d.joinRule()).isNull();
    assertThat(d.encrypted()).isFalse();
    assertThat(d.isSpace()).isTrue();
    assertThat(d.creator()).as("the create event's sender").isEqualTo(UserId.of("@alice:localhost"));
    assertThat(d.roomVersion()).isEqualTo("1");
    assertThat(d.readOnly()).isFalse();
    assertThat(d.federated()).isFalse();
    assertThat(d.archived()).isFalse();
    assertThat(d.displayName()).isEqualTo("Empty Room");
  }

  @Test
  void displayNameFallsBackFromNameToAliasToMembers() {
    assertThat(nameOf(event("$n", "m.room.name", "", "{\"name\":\"\"}"),
        event("$ca", "m.room.canonical_alias", "", "{\"alias\":\"#hq:localhost\"}"))).isEqualTo("#hq:localhost");
    assertThat(nameOf(member("@bot:localhost", "join", "Bot"), member("@bob:localhost", "join", "Bob")))
        .as("one other member, not the bot itself").isEqualTo("Bob");
    assertThat(nameOf(member("@bot:localhost", "join", null), member("@bob:localhost", "join", "Bob"),
        member("@alice:localhost", "invite", null), member("@carol:localhost", "join", "Carol")))
        .as("invited count, sorted by user id").isEqualTo("@alice:localhost, Bob and Carol");
  }

  @Test
  void displayNameNamesFiveHeroesAndCountsTheRest() {
    List<String> members = new ArrayList<>();
    for (char c = 'a'; c <= 'h'; c++) {
      members.add(member("@" + c + ":localhost", "join", String.valueOf(c).toUpperCase()));
    }
    assertThat(nameOf(members.toArray(String[]::new))).isEqualTo("A, B, C, D, E and 3 others");
  }

  @Test
  void displayNameTellsTwoMembersOfTheSameNameApart() {
    assertThat(nameOf(member("@sam1:localhost", "join", "Sam"), member("@sam2:localhost", "join", "Sam")))
        .isEqualTo("Sam (@sam1:localhost) and Sam (@sam2:localhost)");
  }

  @Test
  void anEmptyRoomSaysWhoWasThere() {
    assertThat(nameOf(member("@bot:localhost", "join", null), member("@bob:localhost", "leave", "Bob")))
        .isEqualTo("Empty Room (was Bob)");
  }
}

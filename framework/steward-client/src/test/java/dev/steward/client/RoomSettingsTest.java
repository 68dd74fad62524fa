package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.model.CanonicalAlias;
import dev.steward.client.model.HistoryVisibility;
import dev.steward.client.model.JoinRule;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SettingsUpdate;
import dev.steward.client.testing.ExpectedFailures;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class RoomSettingsTest extends MockHomeserver {
  private final RoomSettings settings = client.settings();

  @Test
  void setNamePutsNameStateEvent() {
    answer("{\"event_id\":\"$e1\"}");

    EventId id = settings.setName(ROOM, "Ops");

    assertThat(id).isEqualTo(EventId.of("$e1"));
    RecordedRequest r = take("PUT", ROOM_PATH + "/state/m.room.name/");
    assertThat(body(r)).isEqualTo(json("{\"name\":\"Ops\"}"));
  }

  @Test
  void topicIsReadFromStateAndAbsentTopicIsEmpty() {
    answer("{\"topic\":\"on call\"}");
    answerError(404, "M_NOT_FOUND");

    assertThat(settings.topic(ROOM)).contains("on call");
    assertThat(settings.topic(ROOM)).isEmpty();
    take("GET", ROOM_PATH + "/state/m.room.topic/");
  }

  @Test
  void avatarMustBeAnMxcUrl() {
    assertThatThrownBy(() -> settings.setAvatar(ROOM, "https://example.org/a.png"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mxc://");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void canonicalAliasCarriesMainAndAlternativeAliases() {
    answer("{\"event_id\":\"$e\"}");

    settings.setCanonicalAlias(ROOM, RoomAlias.of("#ops:localhost"), List.of(RoomAlias.of("#oncall:localhost")));

    RecordedRequest r = take("PUT", ROOM_PATH + "/state/m.room.canonical_alias/");
    assertThat(body(r)).isEqualTo(json("{\"alias\":\"#ops:localhost\",\"alt_aliases\":[\"#oncall:localhost\"]}"));
  }

  @Test
  void clearCanonicalAliasSendsEmptyContentAndReadsBackNothing() {
    answer("{\"event_id\":\"$e\"}");
    answer("{}");

    settings.clearCanonicalAlias(ROOM);
    CanonicalAlias read = settings.canonicalAlias(ROOM);

    assertThat(body(take("PUT", ROOM_PATH + "/state/m.room.canonical_alias/"))).isEqualTo(json("{}"));
    assertThat(read.alias()).isEmpty();
    assertThat(read.altAliases()).isEmpty();
  }

  @Test
  void createAndDeleteAliasUseTheDirectory() {
    answer("{}");
    answer("{}");

    settings.createAlias(RoomAlias.of("#ops:localhost"), ROOM);
    settings.deleteAlias(RoomAlias.of("#ops:localhost"));

    RecordedRequest put = take("PUT", "/_matrix/client/v3/directory/room/%23ops:localhost");
    assertThat(body(put)).isEqualTo(json("{\"room_id\":\"!room:localhost\"}"));
    take("DELETE", "/_matrix/client/v3/directory/room/%23ops:localhost");
  }

  @Test
  void aliasInUseIsAMatrixException() {
    answer(409, "{\"errcode\":\"M_ROOM_IN_USE\",\"error\":\"Room alias already taken\"}");

    MatrixException e = catchThrowableOfType(MatrixException.class,
        () -> settings.createAlias(RoomAlias.of("#ops:localhost"), ROOM));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.errcode()).isEqualTo("M_ROOM_IN_USE");
  }

  @Test
  void restrictedJoinRuleListsAllowedRooms() {
    answer("{\"event_id\":\"$e\"}");

    settings.setRestricted(ROOM, List.of(RoomId.of("!space:localhost")), true);

    assertThat(body(take("PUT", ROOM_PATH + "/state/m.room.join_rules/"))).isEqualTo(json(
        "{\"join_rule\":\"knock_restricted\","
            + "\"allow\":[{\"type\":\"m.room_membership\",\"room_id\":\"!space:localhost\"}]}"));
  }

  @Test
  void joinRuleHistoryAndGuestAccessUseWireValues() {
    answer("{\"event_id\":\"$1\"}");
    answer("{\"event_id\":\"$2\"}");
    answer("{\"event_id\":\"$3\"}");
    answer("{\"join_rule\":\"knock\"}");
    answer("{\"guest_access\":\"can_join\"}");

    settings.setJoinRule(ROOM, JoinRule.KNOCK);
    settings.setHistoryVisibility(ROOM, HistoryVisibility.WORLD_READABLE);
    settings.setGuestAccess(ROOM, false);

    assertThat(body(take("PUT", ROOM_PATH + "/state/m.room.join_rules/"))).isEqualTo(json("{\"join_rule\":\"knock\"}"));
    assertThat(body(take("PUT", ROOM_PATH + "/state/m.room.history_visibility/")))
        .isEqualTo(json("{\"history_visibility\":\"world_readable\"}"));
    assertThat(body(take("PUT", ROOM_PATH + "/state/m.room.guest_access/")))
        .isEqualTo(json("{\"guest_access\":\"forbidden\"}"));
    assertThat(settings.joinRule(ROOM)).contains(JoinRule.KNOCK);
    assertThat(settings.guestAccess(ROOM)).isTrue();
  }

  @Test
  void nicknameKeepsMembershipAndAvatar() {
    answer("{\"membership\":\"join\",\"displayname\":\"bot\",\"avatar_url\":\"mxc://localhost/av\"}");
    answer("{\"event_id\":\"$m\"}");

    settings.setNickname(ROOM, "Ops Bot");

    take("GET", ROOM_PATH + "/state/m.room.member/@bot:localhost");
    assertThat(body(take("PUT", ROOM_PATH + "/state/m.room.member/@bot:localhost"))).isEqualTo(json(
        "{\"membership\":\"join\",\"displayname\":\"Ops Bot\",\"avatar_url\":\"mxc://localhost/av\"}"));
  }

  @Test
  void nicknameDoesNotRepeatTheJoinsReasonOrAuthoriser() {
    answer("{\"membership\":\"join\",\"reason\":\"hi\",\"join_authorised_via_users_server\":\"@mod:localhost\"}");
    answer("{\"event_id\":\"$m\"}");

    settings.setNickname(ROOM, "Nick");

    take("GET", ROOM_PATH + "/state/m.room.member/@bot:localhost");
    assertThat(body(take("PUT", ROOM_PATH + "/state/m.room.member/@bot:localhost")))
        .isEqualTo(json("{\"membership\":\"join\",\"displayname\":\"Nick\"}"));
  }

  @Test
  @ExpectedFailures("a state event without state_key: skipped with a warning")
  void fullStateSkipsMalformedEvents() {
    answer("[" + event("$a", "m.room.name", "", "{\"name\":\"x\"}") + ","
        + "{\"type\":\"m.room.topic\",\"content\":{}}" + ","
        + event("$b", "m.room.create", "", "{}") + "]");

    List<RoomEvent> state = settings.fullState(ROOM);

    take("GET", ROOM_PATH + "/state");
    assertThat(state).extracting(RoomEvent::type).containsExactly("m.room.name", "m.room.create");
  }

  @Test
  void saveAppliesEachGivenSettingInOrder() {
    answer("{\"event_id\":\"$1\"}");
    answer("{\"event_id\":\"$2\"}");

    List<String> applied = settings.save(ROOM, SettingsUpdate.builder().name("N").guestAccess(true).build());

    assertThat(applied).containsExactly("m.room.name", "m.room.guest_access");
    take("PUT", ROOM_PATH + "/state/m.room.name/");
    assertThat(body(take("PUT", ROOM_PATH + "/state/m.room.guest_access/")))
        .isEqualTo(json("{\"guest_access\":\"can_join\"}"));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void saveStopsAtFirstRefusalAndSaysWhatWasApplied() {
    answer("{\"event_id\":\"$1\"}");
    answerError(403, "M_FORBIDDEN");
    answerError(404, "M_NOT_FOUND"); // the refusal's check whether the room is archived: it is not

    SettingsNotSavedException e = catchThrowableOfType(SettingsNotSavedException.class, () -> settings.save(ROOM,
        SettingsUpdate.builder().name("N").topic("T").historyVisibility(HistoryVisibility.JOINED).build()));

    assertThat(e.applied()).containsExactly("m.room.name");
    assertThat(e.failed()).isEqualTo("m.room.topic");
    assertThat(e.getCause().code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    assertThat(e.getCause()).isInstanceOfSatisfying(RoomException.class,
        r -> assertThat(r.reason()).isEqualTo(RoomException.Reason.FORBIDDEN));
    take("PUT", ROOM_PATH + "/state/m.room.name/");
    take("PUT", ROOM_PATH + "/state/m.room.topic/");
    take("GET", ROOM_PATH + "/state/dev.steward.archive/");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void settingsNotSavedIsAMatrixExceptionWithTheRefusalsStatusAndErrcode() {
    answerError(403, "M_FORBIDDEN");
    answerError(404, "M_NOT_FOUND");

    MatrixException e = catchThrowableOfType(MatrixException.class,
        () -> settings.save(ROOM, SettingsUpdate.builder().topic("T").build()));

    assertThat(e).isInstanceOf(SettingsNotSavedException.class);
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    assertThat(e.isTransportFailure()).isFalse();
    assertThat(e.getMessage()).contains("m.room.topic");
  }

  @Test
  void forbiddenSettingIsAMatrixException() {
    answerError(403, "M_FORBIDDEN");
    answerError(404, "M_NOT_FOUND");

    MatrixException e = catchThrowableOfType(MatrixException.class, () -> settings.setTopic(ROOM, "t"));

    assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
    assertThat(Optional.ofNullable(e.status())).contains(403);
  }
}

package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.client.model.NotificationMode;
import dev.steward.client.model.RoomTag;
import org.junit.jupiter.api.Test;

class RoomTagsTest extends MockHomeserver {
  private static final String TAGS = "/_matrix/client/v3/user/@bot:localhost/rooms/!room:localhost/tags";
  private static final String RULES = "/_matrix/client/v3/pushrules/global";

  private final RoomTags tags = client.tags();

  @Test
  void favouriteLowPriorityAndCustomTagsArePutUnderTheUser() {
    answer("{}");
    answer("{}");
    answer("{}");

    tags.favourite(ROOM);
    tags.lowPriority(ROOM);
    tags.tag(ROOM, "u.work", 0.25);

    assertThat(body(take("PUT", TAGS + "/m.favourite"))).isEqualTo(json("{}"));
    assertThat(body(take("PUT", TAGS + "/m.lowpriority"))).isEqualTo(json("{}"));
    assertThat(body(take("PUT", TAGS + "/u.work"))).isEqualTo(json("{\"order\":0.25}"));
  }

  @Test
  void untagDeletes() {
    answer("{}");

    tags.untag(ROOM, RoomTag.FAVOURITE);

    take("DELETE", TAGS + "/m.favourite");
  }

  @Test
  void readsTagsWithOrder() {
    answer("{\"tags\":{\"m.favourite\":{\"order\":0.5},\"u.work\":{}}}");

    assertThat(tags.tags(ROOM)).containsExactly(new RoomTag("m.favourite", 0.5), new RoomTag("u.work", null));
    take("GET", TAGS);
  }

  @Test
  void muteIsAnOverrideRuleMatchingTheRoomWithNoActions() {
    answerError(404, "M_NOT_FOUND");
    answer("{}");

    tags.setNotificationMode(ROOM, NotificationMode.MUTE);

    take("DELETE", RULES + "/room/!room:localhost");
    assertThat(body(take("PUT", RULES + "/override/!room:localhost"))).isEqualTo(json("{\"actions\":[],"
        + "\"conditions\":[{\"kind\":\"event_match\",\"key\":\"room_id\",\"pattern\":\"!room:localhost\"}]}"));
  }

  @Test
  void mentionsOnlyIsARoomRuleWithNoActions() {
    answer("{}");
    answer("{}");

    tags.setNotificationMode(ROOM, NotificationMode.MENTIONS_ONLY);

    take("DELETE", RULES + "/override/!room:localhost");
    assertThat(body(take("PUT", RULES + "/room/!room:localhost"))).isEqualTo(json("{\"actions\":[]}"));
  }

  @Test
  void allRemovesBothRulesAndToleratesTheirAbsence() {
    answerError(404, "M_NOT_FOUND");
    answerError(404, "M_NOT_FOUND");

    tags.setNotificationMode(ROOM, NotificationMode.ALL);

    take("DELETE", RULES + "/override/!room:localhost");
    take("DELETE", RULES + "/room/!room:localhost");
  }

  @Test
  void otherFailuresWhileRemovingARuleAreReported() {
    answerError(403, "M_FORBIDDEN");

    MatrixException e = catchThrowableOfType(MatrixException.class,
        () -> tags.setNotificationMode(ROOM, NotificationMode.ALL));

    assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
  }

  @Test
  void readsModeFromCurrentPushRules() {
    answer("{\"global\":{\"override\":[{\"rule_id\":\"!room:localhost\",\"enabled\":true,\"actions\":[]}],"
        + "\"room\":[]}}");

    assertThat(tags.notificationMode(ROOM)).isEqualTo(NotificationMode.MUTE);
    take("GET", "/_matrix/client/v3/pushrules/");
  }

  @Test
  void modeCountsOnlyEnabledRulesWithoutNotify() {
    assertThat(RoomTags.modeIn(json("{\"global\":{\"room\":[{\"rule_id\":\"!room:localhost\","
        + "\"actions\":[\"dont_notify\"]}]}}"), ROOM)).isEqualTo(NotificationMode.MENTIONS_ONLY);
    assertThat(RoomTags.modeIn(json("{\"global\":{\"override\":[{\"rule_id\":\"!room:localhost\","
        + "\"enabled\":false,\"actions\":[]}]}}"), ROOM)).isEqualTo(NotificationMode.ALL);
    assertThat(RoomTags.modeIn(json("{\"global\":{\"room\":[{\"rule_id\":\"!room:localhost\","
        + "\"actions\":[\"notify\"]}]}}"), ROOM)).isEqualTo(NotificationMode.ALL);
    assertThat(RoomTags.modeIn(json("{\"global\":{\"room\":[{\"rule_id\":\"!other:localhost\","
        + "\"actions\":[]}]}}"), ROOM)).isEqualTo(NotificationMode.ALL);
  }
}

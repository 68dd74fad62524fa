package dev.steward.bots.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigProblem;
import dev.steward.client.RoomId;
import dev.steward.test.BotTester;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad {@code bots.housekeeping} setting stops the bot before login, naming its key. */
class HousekeepingSettingsTest {
  private static ConfigException refused(Map<String, Object> section) {
    return catchThrowableOfType(() -> BotTester.builder().bots(HousekeepingBot.class)
        .section("housekeeping", section).start().close(), ConfigException.class);
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of(Map.of("schedule", "every night"), "schedule", "not a Quartz cron expression"),
        Arguments.of(Map.of("schedule", ""), "schedule", "must be a Quartz cron expression"),
        Arguments.of(Map.of("digest_schedule", "0 0 9 ? * MON"), "digest_schedule",
            "the digest goes to 'admin_room', which is not set"),
        Arguments.of(Map.of("digest_schedule", "weekly", "admin_room", "!admin:test"), "digest_schedule",
            "not a Quartz cron expression"),
        Arguments.of(Map.of("idle_after", "0s"), "idle_after", "must be longer than zero"),
        Arguments.of(Map.of("idle_after", "5d", "warn_before", "5d"), "warn_before",
            "5d must be shorter than idle_after (5d)"),
        Arguments.of(Map.of("warn_before", Duration.ofHours(-1)), "warn_before", "must not be negative"),
        Arguments.of(Map.of("overrides", Map.of("lobby", "10d")), "overrides.lobby", "not a room or space id"),
        Arguments.of(Map.of("overrides", Map.of("!r:test", "soon")), "overrides.!r:test",
            "not a duration or 'never'"),
        Arguments.of(Map.of("overrides", Map.of("!r:test", "1d")), "overrides.!r:test",
            "must be longer than warn_before (3d), not 1d"),
        Arguments.of(Map.of("exclude", List.of("lobby")), "exclude[0]", "lobby"),
        Arguments.of(Map.of("admin_room", "#admins"), "admin_room", "#admins"),
        Arguments.of(Map.of("dry_run", "perhaps"), "dry_run", "perhaps"),
        Arguments.of(Map.of("history_pages", 0), "history_pages", "must be from 1 to 100, not 0"),
        Arguments.of(Map.of("prune_rooms", List.of("club")), "prune_rooms[0]", "club"),
        Arguments.of(Map.of("prune_after", "0s"), "prune_after", "must be longer than zero"),
        Arguments.of(Map.of("prune_after", "6d", "prune_warn_before", "6d"), "prune_warn_before",
            "6d must be shorter than prune_after (6d)"),
        Arguments.of(Map.of("prune_spare_level", 0), "prune_spare_level", "must be at least 1"),
        Arguments.of(Map.of("prune_reason", " "), "prune_reason", "must not be empty"),
        Arguments.of(Map.of("leave_empty_after", "0s"), "leave_empty_after", "must be longer than zero"),
        Arguments.of(Map.of("idle_afer", "10d"), "idle_afer", "idle_after"));
  }

  @ParameterizedTest
  @MethodSource("badSettings")
  void aBadSettingStopsTheBotNamingItsKey(Map<String, Object> section, String key, String message) {
    ConfigException e = refused(section);

    assertThat(e).as("refused").isNotNull();
    assertThat(e.problems()).hasSize(1);
    ConfigProblem problem = e.problems().get(0);
    assertThat(problem.path()).isEqualTo("bots.housekeeping." + key);
    assertThat(problem.message()).contains(message);
  }

  @Test
  void everyBadSettingIsReportedAtOnce() {
    ConfigException e = refused(Map.of("idle_after", "0s", "prune_reason", "", "history_pages", 500));

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "bots.housekeeping.idle_after", "bots.housekeeping.prune_reason", "bots.housekeeping.history_pages");
  }

  @Test
  void aRoomsOwnOverrideWinsOverItsSpacesAndNeverKeepsItOpen() {
    RoomId room = RoomId.of("!room:test");
    RoomId space = RoomId.of("!space:test");
    RoomId other = RoomId.of("!other:test");
    HousekeepingSettings s = new HousekeepingSettings("0 0 4 * * ?", Duration.ofDays(30), Duration.ofDays(3),
        Map.of(room.value(), "7d", space.value(), "never"), List.of(), false, Optional.empty(), false, 5,
        List.of(), Duration.ofDays(90), Duration.ofDays(7), Optional.empty(), "Inactive", "", Optional.empty());

    assertThat(s.idleAfter(room, List.of(space))).contains(Duration.ofDays(7));
    assertThat(s.idleAfter(other, List.of(space))).isEmpty();
    assertThat(s.idleAfter(other, List.of())).contains(Duration.ofDays(30));
    assertThat(s.overrideSpaces(other)).containsExactlyInAnyOrder(room, space);
  }
}

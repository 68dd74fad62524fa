package dev.steward.bots.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigProblem;
import dev.steward.bot.runtime.BotSettings;
import dev.steward.bot.config.StewardConfig;
import dev.steward.client.UserId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModerationSettingsTest {
  private static ModerationSettings bind(Map<String, Object> section) {
    StewardConfig config = StewardConfig.builder().homeserver("http://127.0.0.1:8008")
        .password(UserId.of("@bot:localhost"), "x").botSection("moderation", section).build();
    return (ModerationSettings) BotSettings.bind(config, List.of(ModerationBot.class)).get("moderation");
  }

  @Test
  void defaultsNeedOnlyTheManagementRoom() {
    ModerationSettings s = bind(Map.of("management_room", "#mods:example.org"));

    assertThat(s.moderatorLevel()).isEqualTo(50);
    assertThat(s.warnLimit()).isEqualTo(3);
    assertThat(s.warnAction()).isEqualTo(ModerationSettings.WarnAction.KICK);
    assertThat(s.parallelRooms()).isEqualTo(8);
    assertThat(s.protectedRooms()).isEmpty();
  }

  @Test
  void everyBadValueIsNamedByItsKey() {
    assertThatThrownBy(() -> bind(Map.of("management_room", "mods", "protected_rooms", List.of("!ok:x", "lobby"),
        "policy_lists", List.of("#"), "moderator_level", 0, "warn_limit", -1, "parallel_rooms", 100,
        "publish_lists", Map.of("bad code", "#l:x"))))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::path)
            .containsExactlyInAnyOrder("bots.moderation.management_room", "bots.moderation.protected_rooms[1]",
                "bots.moderation.policy_lists[0]", "bots.moderation.moderator_level",
                "bots.moderation.warn_limit", "bots.moderation.parallel_rooms",
                "bots.moderation.publish_lists.bad code"));
  }

  @Test
  void listScopesNameEachBadListAndRoom() {
    ModerationSettings ok = bind(Map.of("management_room", "#mods:x", "list_scopes",
        Map.of("#bans:x", List.of("!lobby:x", "#hall:x"))));
    assertThat(ok.listScopes()).containsExactly(Map.entry("#bans:x", List.of("!lobby:x", "#hall:x")));

    assertThatThrownBy(() -> bind(Map.of("management_room", "#mods:x", "list_scopes",
        Map.of("bans", List.of("!lobby:x"), "#ok:x", List.of("!lobby:x", "hall"), "#empty:x", List.of()))))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::path)
            .containsExactlyInAnyOrder("bots.moderation.list_scopes.bans", "bots.moderation.list_scopes.#ok:x[1]",
                "bots.moderation.list_scopes.#empty:x"));
  }

  @Test
  void theOptionalPartsAreOffByDefaultAndTheirBadValuesNamed() {
    ModerationSettings s = bind(Map.of("management_room", "#mods:x"));
    assertThat(s.serverAcl()).isFalse();
    assertThat(s.nativeBans()).isEqualTo(ModerationSettings.NativeBans.defaults());
    assertThat(s.abuseReports().enabled()).isFalse();
    assertThat(s.warnNotice()).isEqualTo(ModerationSettings.WarnNotice.ROOMS);

    assertThatThrownBy(() -> bind(Map.of("management_room", "#mods:x", "publish_lists", Map.of("spam", "#l:x"),
        "native_bans", Map.of("propagate", true, "publish", "nope"),
        "abuse_reports", Map.of("enabled", true, "poll_every", "0s"), "warn_notice", "loudly")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::path)
            .contains("bots.moderation.abuse_reports.poll_every", "bots.moderation.warn_notice"));
    assertThatThrownBy(() -> bind(Map.of("management_room", "#mods:x", "publish_lists", Map.of("spam", "#l:x"),
        "native_bans", Map.of("propagate", true, "publish", "nope"))))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().satisfies(p -> {
          assertThat(p.path()).isEqualTo("bots.moderation.native_bans.publish");
          assertThat(p.toString()).contains("no publish_lists short code 'nope'; known: spam");
        }));
  }

  @Test
  void theManagementRoomIsRequired() {
    assertThatThrownBy(() -> bind(Map.of("warn_limit", 2))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("bots.moderation.management_room");
  }
}

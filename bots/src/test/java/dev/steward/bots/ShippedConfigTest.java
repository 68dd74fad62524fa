package dev.steward.bots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bots.autojoin.AutoJoinSettings;
import dev.steward.bots.housekeeping.HousekeepingSettings;
import dev.steward.bots.moderation.ModerationSettings;
import dev.steward.bots.moderation.protection.ProtectionSettings;
import dev.steward.bots.welcome.WelcomeSettings;
import dev.steward.bots.welcome.WelcomeTemplate;
import dev.steward.client.UserId;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sections of config/steward.yaml for the ready-made bots bind, and say what the code does. */
class ShippedConfigTest {
  private final StewardConfig config = ConfigLoader.load(Path.of("../config/steward.yaml"), name -> null);

  @Test
  void theAutojoinSectionIsOnAndAllowsOnlyTheDevUsers() {
    assertThat(config.botSection("autojoin").orElseThrow().enabled()).isTrue();
    AutoJoinSettings s = config.botSection("autojoin").orElseThrow().bind(AutoJoinSettings.class);

    assertThat(s.users()).containsExactly(UserId.of("@demo:localhost"), UserId.of("@admin:localhost"));
    assertThat(s.servers()).isEmpty();
    assertThat(s.rejectOthers()).isTrue();
    assertThat(s.match(UserId.of("@someone:localhost"))).isEmpty();
  }

  @Test
  void theWelcomeSectionIsOffAndBinds() {
    assertThat(config.botSection("welcome").orElseThrow().enabled()).isFalse();
    WelcomeSettings s = config.botSection("welcome").orElseThrow().bind(WelcomeSettings.class);

    assertThat(s.message()).isEqualTo("Welcome {mention} to {room}!");
    assertThat(s.rooms()).isEmpty();
    assertThat(s.maxAge()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.regreetAfter()).isEqualTo(Duration.ofDays(30));
    assertThat(s.format()).isEqualTo(WelcomeTemplate.Format.PLAIN);
    assertThat(s.roomMessages()).isEmpty();
    assertThat(s.directMessage()).isFalse();
    assertThat(s.challengeRooms()).isEmpty();
    assertThat(s.challengeMessage()).isEqualTo(WelcomeSettings.DEFAULT_CHALLENGE);
    assertThat(s.challengeTimeout()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void theModerationSectionIsOffAndBindsToTheDefaultsWithAllProtectionsOff() {
    assertThat(config.botSection("moderation").orElseThrow().enabled()).isFalse();
    ModerationSettings s = config.botSection("moderation").orElseThrow().bind(ModerationSettings.class);

    assertThat(s.managementRoom()).isEqualTo("#moderators:example.org");
    assertThat(s.protectedRooms()).isEmpty();
    assertThat(s.moderatorLevel()).isEqualTo(50);
    assertThat(s.warnLimit()).isEqualTo(3);
    assertThat(s.parallelRooms()).isEqualTo(8);
    assertThat(s.protections()).isEqualTo(ProtectionSettings.defaults());
  }

  @Test
  void theHousekeepingSectionIsOffAndBindsToTheDefaults() {
    assertThat(config.botSection("housekeeping").orElseThrow().enabled()).isFalse();
    HousekeepingSettings s = config.botSection("housekeeping").orElseThrow().bind(HousekeepingSettings.class);

    assertThat(s.schedule()).isEqualTo("0 0 4 * * ?");
    assertThat(s.idleAfter()).isEqualTo(Duration.ofDays(30));
    assertThat(s.warnBefore()).isEqualTo(Duration.ofDays(3));
    assertThat(s.dryRun()).isFalse();
    assertThat(s.pruneRooms()).isEmpty();
  }
}

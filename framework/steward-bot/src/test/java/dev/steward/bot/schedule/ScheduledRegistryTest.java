package dev.steward.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.annotation.Scheduled;
import dev.steward.client.MatrixClient;
import dev.steward.client.Messages;
import dev.steward.client.Rooms;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.SimpleTrigger;
import org.quartz.TriggerBuilder;
import org.quartz.spi.OperableTrigger;

class ScheduledRegistryTest {
  private final ScheduledRegistry registry = new ScheduledRegistry();

  static final class Jobs {
    final List<Object> seen = new ArrayList<>();

    @Scheduled(cron = "0/5 * * * * ?", zone = "Europe/Berlin")
    void everyFiveSeconds(Rooms rooms, Messages messages) {
      seen.add(rooms);
      seen.add(messages);
    }

    @Scheduled(fixedRate = "1h30m")
    void hourAndAHalf(MatrixClient client) {
      seen.add(client);
    }

    void notScheduled() {}
  }

  @Test
  void registersCronAndFixedRateMethodsWithTheirSchedules() {
    registry.register(new Jobs());

    ScheduledMethod cron = registry.find(Jobs.class.getName() + ".everyFiveSeconds").orElseThrow();
    ScheduledMethod rate = registry.find(Jobs.class.getName() + ".hourAndAHalf").orElseThrow();
    assertThat(registry.all()).hasSize(2);
    assertThat(cron.describe()).isEqualTo("cron 0/5 * * * * ? Europe/Berlin");
    assertThat(cron.name()).isEqualTo("Jobs.everyFiveSeconds");
    CronTrigger cronTrigger = (CronTrigger) TriggerBuilder.newTrigger().withSchedule(cron.schedule()).build();
    assertThat(cronTrigger.getCronExpression()).isEqualTo("0/5 * * * * ?");
    assertThat(cronTrigger.getTimeZone().getID()).isEqualTo("Europe/Berlin");
    assertThat(cronTrigger.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
    assertThat(rate.describe()).isEqualTo("every PT1H30M");
    Instant storedAt = Instant.parse("2026-01-05T10:00:00.400Z");
    assertThat(rate.startAt(storedAt)).isEqualTo(storedAt.plus(Duration.ofMinutes(90)));
    SimpleTrigger simple = (SimpleTrigger) TriggerBuilder.newTrigger().withSchedule(rate.schedule()).build();
    assertThat(simple.getRepeatInterval()).isEqualTo(Duration.ofMinutes(90).toMillis());
    assertThat(simple.getRepeatCount()).isEqualTo(SimpleTrigger.REPEAT_INDEFINITELY);
  }

  static final class EverySecond {
    @Scheduled(cron = "* * * * * ?")
    void tick() {}
  }

  @Test
  void aCronScheduleFirstFiresAfterItIsStoredNotForTheSecondAlreadyBegun() {
    registry.register(new EverySecond());
    ScheduledMethod everySecond = registry.find(EverySecond.class.getName() + ".tick").orElseThrow();

    for (String at : List.of("2026-01-05T10:00:00.400Z", "2026-01-05T10:00:00Z", "2026-01-05T10:00:00.999Z")) {
      Instant storedAt = Instant.parse(at);
      OperableTrigger trigger = (OperableTrigger) TriggerBuilder.newTrigger()
          .startAt(Date.from(everySecond.startAt(storedAt))).withSchedule(everySecond.schedule()).build();

      // Stored a second time within that second (two instances starting together), it must not run 10:00:00 again.
      assertThat(trigger.computeFirstFireTime(null).toInstant()).as("first firing when stored at %s", at)
          .isEqualTo(Instant.parse("2026-01-05T10:00:01Z"));
    }
  }

  @Test
  void invokesWithTheClientAndItsFacades() throws Throwable {
    Jobs jobs = new Jobs();
    registry.register(jobs);
    MatrixClient client = MatrixClient.builder().homeserver("http://127.0.0.1:9").build();

    registry.find(Jobs.class.getName() + ".everyFiveSeconds").orElseThrow().invoke(client);
    registry.find(Jobs.class.getName() + ".hourAndAHalf").orElseThrow().invoke(client);

    assertThat(jobs.seen).containsExactly(client.rooms(), client.messages(), client);
  }

  static final class BadCron {
    @Scheduled(cron = "0 0 25 * * ?")
    void nightly() {}
  }

  @Test
  void aBadCronExpressionFailsNamingTheMethod() {
    assertThatThrownBy(() -> registry.register(new BadCron()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("@Scheduled method BadCron.nightly: bad cron expression '0 0 25 * * ?'");
  }

  static final class FromSettings {
    @Scheduled(cron = "${bots.house.schedule}")
    void archive() {}

    @Scheduled(cron = "${bots.house.digest}")
    void digest() {}
  }

  @Test
  void aCronPlaceholderTakesItsSettingAndAnEmptySettingLeavesTheMethodOff() {
    registry.settings(path -> switch (path) {
      case "bots.house.schedule" -> Optional.of("0/2 * * * * ?");
      case "bots.house.digest" -> Optional.of("");
      default -> Optional.empty();
    });
    registry.register(new FromSettings());

    ScheduledMethod archive = registry.find(FromSettings.class.getName() + ".archive").orElseThrow();
    assertThat(archive.enabled()).isTrue();
    assertThat(archive.describe()).startsWith("cron 0/2 * * * * ? ");
    assertThat(registry.find(FromSettings.class.getName() + ".digest").orElseThrow().enabled()).isFalse();
  }

  static final class OneFromSettings {
    @Scheduled(cron = "${bots.house.schedule}")
    void archive() {}
  }

  @Test
  void aCronPlaceholderWithoutASettingOrWithABadValueFailsNamingMethodAndKey() {
    assertThatThrownBy(() -> registry.register(new OneFromSettings()))
        .hasMessage("@Scheduled method OneFromSettings.archive: cron placeholder ${bots.house.schedule} names no "
            + "setting of a running bot");
    registry.settings(path -> Optional.of("0 0 25 * * ?"));
    assertThatThrownBy(() -> registry.register(new OneFromSettings()))
        .hasMessageStartingWith("@Scheduled method OneFromSettings.archive: bad cron expression '0 0 25 * * ?' (from "
            + "bots.house.schedule)");
  }

  static final class BadParameter {
    @Scheduled(fixedRate = "10m")
    void tick(String what) {}
  }

  @Test
  void aParameterThatCannotBeSuppliedFailsNamingTheMethod() {
    assertThatThrownBy(() -> registry.register(new BadParameter()))
        .hasMessage("@Scheduled method BadParameter.tick: parameter 1 (String what) cannot be supplied; "
            + "it may take MatrixClient, Rooms, Messages");
  }

  static final class Both {
    @Scheduled(cron = "* * * * * ?", fixedRate = "10s")
    void tick() {}
  }

  static final class Neither {
    @Scheduled
    void tick() {}
  }

  @Test
  void needsExactlyOneOfCronAndFixedRate() {
    assertThatThrownBy(() -> registry.register(new Both())).hasMessageContaining("Both.tick: give exactly one");
    assertThatThrownBy(() -> registry.register(new Neither())).hasMessageContaining("Neither.tick: give exactly one");
  }

  static final class BadZone {
    @Scheduled(cron = "0 0 3 * * ?", zone = "Mars/Olympus")
    void tick() {}
  }

  static final class ZoneOnRate {
    @Scheduled(fixedRate = "10s", zone = "UTC")
    void tick() {}
  }

  static final class TooFast {
    @Scheduled(fixedRate = "500ms")
    void tick() {}
  }

  static final class NotADuration {
    @Scheduled(fixedRate = "often")
    void tick() {}
  }

  @Test
  void refusesBadZonesAndRates() {
    assertThatThrownBy(() -> registry.register(new BadZone())).hasMessageContaining("BadZone.tick: unknown zone");
    assertThatThrownBy(() -> registry.register(new ZoneOnRate()))
        .hasMessageContaining("ZoneOnRate.tick: zone applies to cron only");
    assertThatThrownBy(() -> registry.register(new TooFast())).hasMessageContaining("TooFast.tick: fixedRate must be at least 1s");
    assertThatThrownBy(() -> registry.register(new NotADuration()))
        .hasMessageContaining("NotADuration.tick: bad fixedRate: 'often' is not a duration");
  }

  @Test
  void theSameBeanClassTwiceIsRefused() {
    registry.register(new Jobs());

    assertThatThrownBy(() -> registry.register(new Jobs())).hasMessageContaining("registered twice");
  }
}

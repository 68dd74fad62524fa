package dev.steward.bots.moderation.protection;

import static dev.steward.bots.moderation.protection.TestEvents.OTHER_ROOM;
import static dev.steward.bots.moderation.protection.TestEvents.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.event.MembershipEvent;
import dev.steward.client.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Join waves: more than N joins in T in one room lock it, once per wave. */
class JoinWaveDetectorTest {
  private static final AtomicInteger USERS = new AtomicInteger();
  private final TestEvents events = new TestEvents();
  private final JoinWaveDetector detector = new JoinWaveDetector(new ProtectionSettings.JoinWaves(true, 3,
      Duration.ofSeconds(10), ProtectionSettings.LockRule.KNOCK, Duration.ofMinutes(5)), events.clock);

  private MembershipEvent newcomer() {
    return events.join(ROOM, UserId.of("@raider" + USERS.incrementAndGet() + ":test"));
  }

  @Test
  void theJoinOverTheLimitIsAWaveThatLocksTheRoom() {
    for (int i = 0; i < 3; i++) {
      assertThat(detector.check(newcomer())).isEmpty();
      events.clock.advance(Duration.ofSeconds(2));
    }
    MembershipEvent fourth = newcomer();

    Verdict.JoinWave wave = (Verdict.JoinWave) detector.check(fourth).orElseThrow();

    assertThat(wave.protection()).isEqualTo("join_waves");
    assertThat(wave.room()).isEqualTo(ROOM);
    assertThat(wave.lockTo()).isEqualTo(ProtectionSettings.LockRule.KNOCK);
    assertThat(wave.coolOff()).isEqualTo(Duration.ofMinutes(5));
    assertThat(wave.lastJoin()).isEqualTo(fourth.eventId());
    assertThat(wave.trigger()).isEqualTo("4 joins in 6s (more than 3 in 10s)");
  }

  @Test
  void joinsSpreadOutAreNoWave() {
    for (int i = 0; i < 20; i++) {
      assertThat(detector.check(newcomer())).isEmpty();
      events.clock.advance(Duration.ofSeconds(4));
    }
  }

  @Test
  void oneWaveGivesOneVerdictUntilTheCoolOffEnds() {
    List<Optional<Verdict>> verdicts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      verdicts.add(detector.check(newcomer()));
    }
    assertThat(verdicts.stream().filter(Optional::isPresent)).hasSize(1);

    events.clock.advance(Duration.ofMinutes(5));
    for (int i = 0; i < 3; i++) {
      assertThat(detector.check(newcomer())).isEmpty();
    }
    assertThat(detector.check(newcomer())).as("a new wave after the cool-off").isPresent();
  }

  @Test
  void roomsAreCountedApart() {
    for (int i = 0; i < 3; i++) {
      assertThat(detector.check(newcomer())).isEmpty();
      assertThat(detector.check(events.join(OTHER_ROOM, UserId.of("@x" + i + ":test")))).isEmpty();
    }
  }

  @Test
  void profileChangesAndMessagesAreNotJoins() {
    UserId user = UserId.of("@fickle:test");
    for (int i = 0; i < 10; i++) {
      assertThat(detector.check(events.profileChange(user))).isEmpty();
      assertThat(detector.check(events.text(user, "hi"))).isEmpty();
    }
  }

  @Test
  void aBacklogOfOldJoinsLocksNothing() {
    List<MembershipEvent> old = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      old.add(newcomer());
    }
    events.clock.advance(Duration.ofMinutes(1));

    old.forEach(j -> assertThat(detector.check(j)).isEmpty());
  }
}

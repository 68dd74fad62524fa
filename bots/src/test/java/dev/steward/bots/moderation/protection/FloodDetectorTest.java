package dev.steward.bots.moderation.protection;

import static dev.steward.bots.moderation.protection.TestEvents.ALICE;
import static dev.steward.bots.moderation.protection.TestEvents.BOB;
import static dev.steward.bots.moderation.protection.TestEvents.OTHER_ROOM;
import static dev.steward.bots.moderation.protection.TestEvents.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.event.MessageEvent;
import dev.steward.client.EventId;
import dev.steward.client.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Flooding: more than N messages in T from one user in one room. */
class FloodDetectorTest {
  private final TestEvents events = new TestEvents();

  private FloodDetector detector(int max, Duration window, int maxTracked) {
    return new FloodDetector(new ProtectionSettings.Flooding(true, max, window, ProtectionAction.MUTE, maxTracked),
        events.clock);
  }

  private FloodDetector detector() {
    return detector(3, Duration.ofSeconds(10), 100);
  }

  @Test
  void theMessageOverTheLimitIsAFloodNamingTheWholeBurst() {
    FloodDetector d = detector();
    List<EventId> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      MessageEvent m = events.text(ALICE, "msg " + i);
      sent.add(m.eventId());
      assertThat(d.check(m)).as("message %d is within the limit", i + 1).isEmpty();
      events.clock.advance(Duration.ofSeconds(1));
    }
    MessageEvent fourth = events.text(ALICE, "msg 3");
    sent.add(fourth.eventId());

    Optional<Verdict> verdict = d.check(fourth);

    assertThat(verdict).isPresent();
    Verdict.Offence o = (Verdict.Offence) verdict.get();
    assertThat(o.protection()).isEqualTo("flooding");
    assertThat(o.user()).isEqualTo(ALICE);
    assertThat(o.events()).containsExactlyElementsOf(sent);
    assertThat(o.action()).isEqualTo(ProtectionAction.MUTE);
    assertThat(o.trigger()).isEqualTo("4 messages in 3s (more than 3 in 10s)");
  }

  @Test
  void messagesSpreadBeyondTheWindowAreNoFlood() {
    FloodDetector d = detector();
    for (int i = 0; i < 20; i++) {
      assertThat(d.check(events.text(ALICE, "slow " + i))).isEmpty();
      events.clock.advance(Duration.ofSeconds(4));
    }
  }

  @Test
  void aBurstIsJudgedOnceThenTheWindowStartsAfresh() {
    FloodDetector d = detector();
    for (int i = 0; i < 3; i++) {
      d.check(events.text(ALICE, "a"));
    }
    assertThat(d.check(events.text(ALICE, "b"))).isPresent();

    assertThat(d.check(events.text(ALICE, "c"))).as("the next message starts a new window").isEmpty();
  }

  @Test
  void usersAndRoomsAreCountedApart() {
    FloodDetector d = detector();
    for (int i = 0; i < 3; i++) {
      assertThat(d.check(events.text(ALICE, "a"))).isEmpty();
      assertThat(d.check(events.text(BOB, "b"))).isEmpty();
      assertThat(d.check(events.text(OTHER_ROOM, ALICE, "c"))).isEmpty();
    }
    Verdict.Offence o = (Verdict.Offence) d.check(events.text(BOB, "b")).orElseThrow();
    assertThat(o.user()).isEqualTo(BOB);
    assertThat(o.room()).isEqualTo(ROOM);
  }

  @Test
  void stickersCountAsMessages() {
    FloodDetector d = detector();
    for (int i = 0; i < 3; i++) {
      d.check(events.sticker(ALICE));
    }
    assertThat(d.check(events.sticker(ALICE))).isPresent();
  }

  @Test
  void joinsAndEditsAreNotCounted() {
    FloodDetector d = detector();
    MessageEvent first = events.text(ALICE, "a");
    d.check(first);
    for (int i = 0; i < 5; i++) {
      assertThat(d.check(events.join(ALICE))).isEmpty();
      assertThat(d.check(events.edit(ALICE, first.eventId(), "e" + i))).isEmpty();
    }
  }

  @Test
  void memoryStaysBoundedByMaxTracked() {
    FloodDetector d = detector(3, Duration.ofSeconds(10), 50);
    for (int i = 0; i < 500; i++) {
      d.check(events.text(UserId.of("@user" + i + ":test"), "hi"));
    }
    assertThat(d.tracked()).isEqualTo(50);
  }

  @Test
  void idleSendersAreForgotten() {
    FloodDetector d = detector();
    for (int i = 0; i < 40; i++) {
      d.check(events.text(UserId.of("@user" + i + ":test"), "hi"));
    }
    events.clock.advance(Duration.ofSeconds(11));

    d.check(events.text(ALICE, "still here"));

    assertThat(d.tracked()).isEqualTo(1);
  }

  @Test
  void aBacklogIsJudgedByWhenItWasSent() {
    FloodDetector d = detector();
    List<MessageEvent> backlog = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      backlog.add(events.text(ALICE, "old " + i));
      events.clock.advance(Duration.ofSeconds(5));
    }
    // All six arrive at once after downtime: sent 5s apart, they were never more than 3 in 10s.
    backlog.forEach(m -> assertThat(d.check(m)).isEmpty());
  }
}

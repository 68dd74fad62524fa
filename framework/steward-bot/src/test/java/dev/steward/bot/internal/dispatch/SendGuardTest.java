package dev.steward.bot.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReactionEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.RetryPolicy;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.testing.ExpectedFailures;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** Loop detection and pacing: the only sends held back are answers to a bot looping with this one. */
@ExpectedFailures("loops between bots are reported with a warning")
class SendGuardTest {
  private static final RoomId ROOM = RoomId.of("!r:test");
  private static final RoomId OTHER_ROOM = RoomId.of("!other:test");
  private static final UserId ECHO = UserId.of("@echo:test");
  private static final UserId ALICE = UserId.of("@alice:test");
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final AtomicLong now = new AtomicLong(1_000 * SECOND);
  private final SendGuard guard = new SendGuard(ReplyGuard.standard(), now::get);
  private final AtomicInteger ids = new AtomicInteger();

  private MessageEvent message(UserId sender, String msgtype, EventId inReplyTo) {
    return new MessageEvent(ROOM, sender, EventId.of("$in" + ids.incrementAndGet()), Instant.EPOCH, msgtype, "hi",
        null, inReplyTo, null);
  }

  /** Asks the guard about {@code trigger}; when it says yes, "sends" an event and returns its id, else null. */
  private EventId answer(RoomId room, TimelineEvent trigger) {
    if (!guard.permit(room, trigger)) {
      return null;
    }
    EventId sent = EventId.of("$out" + ids.incrementAndGet());
    guard.sent(room, trigger, sent);
    return sent;
  }

  /** {@code turns} exchanges with a bot that answers each of ours with a notice 100 ms later; how many we sent. */
  private int loop(RoomId room, UserId bot, int turns) {
    int sent = 0;
    for (int i = 0; i < turns; i++) {
      now.addAndGet(SECOND / 10);
      if (answer(room, message(bot, "m.notice", null)) != null) {
        sent++;
      }
    }
    return sent;
  }

  @Test
  void aBotAnsweringEveryNoticeIsAnsweredTenTimesThenNoMore() {
    assertThat(loop(ROOM, ECHO, 100)).as("the first notice, then ten quick turns").isEqualTo(11);
  }

  @Test
  void aBotTheHomeserverRateLimitsToANoticeEverySixSecondsStillLoops() {
    int sent = 0;
    for (int i = 0; i < 100; i++) {
      now.addAndGet(6 * SECOND);
      if (answer(ROOM, message(ECHO, "m.notice", null)) != null) {
        sent++;
      }
    }
    assertThat(sent).isEqualTo(11);
  }

  @Test
  void aNoticeLongAfterTheBotsLastSendIsNoTurn() {
    for (int i = 0; i < 30; i++) {
      now.addAndGet(2 * Duration.ofMinutes(1).toNanos()); // a bot posting a notice every two minutes
      assertThat(answer(ROOM, message(ECHO, "m.notice", null))).isNotNull();
    }
  }

  @Test
  void aHumanFiringCommandsIsAlwaysAnsweredHoweverFast() {
    for (int i = 0; i < 2_000; i++) {
      now.addAndGet(1_000); // a microsecond apart
      assertThat(answer(ROOM, message(ALICE, "m.text", null))).isNotNull();
    }
  }

  @Test
  void repliesToTheBotAtMachineSpeedAreTurnsAtHumanSpeedAreNot() {
    EventId last = answer(ROOM, message(ALICE, "m.text", null));
    for (int i = 0; i < 50; i++) {
      now.addAndGet(6 * SECOND); // slower than the turn window
      last = answer(ROOM, message(ALICE, "m.text", last));
      assertThat(last).as("a person replying to the bot every 6 seconds").isNotNull();
    }
    int sent = 0;
    for (int i = 0; i < 50; i++) {
      now.addAndGet(SECOND / 10);
      EventId next = answer(ROOM, message(ALICE, "m.text", last));
      if (next != null) {
        sent++;
        last = next;
      }
    }
    assertThat(sent).as("replies to our replies 100 ms apart: a loop").isEqualTo(ReplyGuard.DEFAULT_LOOP_TURNS);
  }

  @Test
  void reactionsToTheBotsMessagesAreTurnsToo() {
    EventId last = answer(ROOM, message(ECHO, "m.text", null));
    int sent = 0;
    for (int i = 0; i < 30; i++) {
      now.addAndGet(SECOND / 10);
      EventId next = answer(ROOM, new ReactionEvent(ROOM, ECHO, EventId.of("$r" + i), Instant.EPOCH, last, "👍",
          null));
      if (next != null) {
        sent++;
        last = next;
      }
    }
    assertThat(sent).isEqualTo(ReplyGuard.DEFAULT_LOOP_TURNS);
  }

  @Test
  void theLoopingSenderIsAnsweredAgainAfterAQuietSpellOrSomethingThatAnswersNothing() {
    loop(ROOM, ECHO, 20);
    now.addAndGet(SECOND / 10);
    assertThat(answer(ROOM, message(ECHO, "m.notice", null))).as("still looping").isNull();

    now.addAndGet(Duration.ofMinutes(1).toNanos() + SECOND);
    assertThat(answer(ROOM, message(ECHO, "m.notice", null))).as("after a quiet minute").isNotNull();

    loop(ROOM, ECHO, 20);
    now.addAndGet(SECOND / 10);
    assertThat(answer(ROOM, message(ECHO, "m.text", null))).as("a plain message answers nothing of ours")
        .isNotNull();
  }

  @Test
  void aLoopInOneRoomOrWithOneSenderHoldsBackNobodyElse() {
    loop(ROOM, ECHO, 20);
    assertThat(loop(OTHER_ROOM, ECHO, 1)).as("the same bot elsewhere").isEqualTo(1);
    now.addAndGet(SECOND / 10);
    assertThat(answer(ROOM, message(ALICE, "m.notice", null))).as("another sender's notice").isNotNull();
    assertThat(answer(ROOM, message(ALICE, "m.text", null))).as("a person's command").isNotNull();
  }

  @Test
  void everySendForOneEventGetsTheSameAnswer() {
    loop(ROOM, ECHO, 10);
    now.addAndGet(SECOND / 10);
    MessageEvent eleventh = message(ECHO, "m.notice", null);
    assertThat(answer(ROOM, eleventh)).isNotNull();
    assertThat(answer(ROOM, eleventh)).as("a second handler of the same event: no extra turn").isNotNull();
    now.addAndGet(SECOND / 10);
    MessageEvent twelfth = message(ECHO, "m.notice", null);
    assertThat(answer(ROOM, twelfth)).isNull();
    assertThat(answer(ROOM, twelfth)).isNull();
  }

  @Test
  void sendsWithoutATriggerAreNeverHeldBack() {
    loop(ROOM, ECHO, 20);
    assertThat(guard.permit(ROOM, null)).isTrue();
  }

  @Test
  void manySendersInOneRoomStillHaveTheirTurnsCounted() {
    for (int i = 0; i < 500; i++) {
      now.addAndGet(SECOND / 100);
      answer(ROOM, message(UserId.of("@user" + i + ":test"), "m.text", null));
    }
    assertThat(loop(ROOM, ECHO, 100)).isEqualTo(11);
  }

  @Test
  void withoutPacingNothingWaits() {
    for (int i = 0; i < 1_000; i++) {
      assertThat(guard.reserve(ROOM)).isZero();
    }
  }

  @Test
  void pacingLetsABurstThroughThenSpacesTheRestInsteadOfDroppingThem() {
    SendGuard paced = new SendGuard(ReplyGuard.standard().paced(2, 3), now::get);
    assertThat(paced.reserve(ROOM)).isZero();
    assertThat(paced.reserve(ROOM)).isZero();
    assertThat(paced.reserve(ROOM)).isZero();
    assertThat(paced.reserve(ROOM)).as("the fourth waits half a second").isEqualTo(SECOND / 2);
    assertThat(paced.reserve(ROOM)).as("the fifth a second").isEqualTo(SECOND);
    assertThat(paced.reserve(OTHER_ROOM)).as("rooms are paced apart").isZero();
    now.addAndGet(10 * SECOND);
    assertThat(paced.reserve(ROOM)).as("refilled, never beyond the burst").isZero();
    paced.reserve(ROOM);
    paced.reserve(ROOM);
    assertThat(paced.reserve(ROOM)).isEqualTo(SECOND / 2);
  }

  @Test
  void theGuardsLimitsAreChecked() {
    assertThatThrownBy(() -> new ReplyGuard(0, Duration.ofSeconds(5), Duration.ofMinutes(1), 0, 0))
        .hasMessageContaining("loopTurns");
    assertThatThrownBy(() -> new ReplyGuard(10, Duration.ZERO, Duration.ofMinutes(1), 0, 0))
        .hasMessageContaining("turnWindow");
    assertThatThrownBy(() -> ReplyGuard.standard().paced(0, 5)).hasMessageContaining("perSecond");
    assertThatThrownBy(() -> ReplyGuard.standard().paced(2, 0)).hasMessageContaining("burst");
  }

  @Test
  void aHeldBackAnswerSendsNothingAndSaysSoWithAnEmptyResult() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      for (int i = 0; i < 20; i++) {
        server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
            .setBody("{\"event_id\":\"$sent" + i + "\"}"));
      }
      MatrixClient client = MatrixClient.builder().homeserver(server.url("/")).accessToken("t")
          .userId(UserId.of("@bot:test")).retryPolicy(RetryPolicy.NONE).build();
      int answered = 0;
      for (int i = 0; i < 20; i++) {
        now.addAndGet(SECOND / 10);
        MessageEvent notice = message(ECHO, "m.notice", null);
        HandlerContext ctx = new HandlerContext(client, ROOM, ECHO, notice.eventId(), notice, guard, "echo");
        if (ctx.reply("echo").isPresent()) {
          answered++;
        }
      }
      assertThat(answered).isEqualTo(11);
      assertThat(server.getRequestCount()).isEqualTo(11);
    }
  }
}

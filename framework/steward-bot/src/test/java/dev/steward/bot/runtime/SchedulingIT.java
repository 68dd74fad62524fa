package dev.steward.bot.runtime;

import static dev.steward.client.testing.SyncWatcher.messageWithBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.annotation.OnInvite;
import dev.steward.bot.annotation.Scheduled;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bot.event.InviteEvent;
import dev.steward.client.MatrixClient;
import dev.steward.client.Messages;
import dev.steward.client.RoomId;
import dev.steward.client.Rooms;
import dev.steward.client.UserId;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduling through the whole runtime on a real Synapse: alice sees what the bot's jobs and actions do. */
class SchedulingIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private TestUser botUser;
  private MatrixClient alice;
  private SyncWatcher aliceView;
  private Steward steward;
  private final TickerBot bot = new TickerBot();

  @TempDir
  Path dir;

  /** Joins when invited and, once told a room, says "tick" there every two seconds. */
  static final class TickerBot {
    final AtomicReference<RoomId> tickRoom = new AtomicReference<>();

    @OnInvite
    void join(InviteEvent invite, Rooms rooms) {
      rooms.join(invite.room());
    }

    @Scheduled(fixedRate = "2s")
    void tick(Messages messages) {
      RoomId room = tickRoom.get();
      if (room != null) {
        messages.notice(room, "tick");
      }
    }
  }

  @BeforeEach
  void accounts() {
    botUser = hs.newUser("steward");
    alice = hs.client(hs.newUser("alice"));
    aliceView = new SyncWatcher(alice);
    aliceView.poll();
  }

  @AfterEach
  void stop() {
    if (steward != null) {
      steward.close();
    }
  }

  private Steward startBot() {
    StewardConfig config = RuntimeFixture.config(hs, botUser, "url: jdbc:h2:file:" + dir + "/steward",
        "scheduler:\n  threads: 2");
    steward = RuntimeFixture.startReady(Steward.builder(config).beans(bot));
    return steward;
  }

  private void stopBot() {
    steward.close();
    steward = null;
  }

  private RoomId roomWithBot() {
    RoomId room = alice.rooms().create(CreateRoomRequest.privateGroup("scheduling it " + UUID.randomUUID(),
        botUser.userId()).build());
    aliceView.await(room, e -> isMembership(e, botUser.userId(), "join"), "the bot accepting the invite");
    return room;
  }

  private static boolean isMembership(RoomEvent e, UserId user, String membership) {
    return e.type().equals("m.room.member") && user.value().equals(e.stateKey())
        && membership.equals(e.content().path("membership").asText());
  }

  @Test
  void aScheduledMethodOfABotPostsIntoTheRoom() {
    startBot();
    RoomId room = roomWithBot();

    bot.tickRoom.set(room);

    RoomEvent tick = aliceView.await(room, messageWithBody("tick"), "the bot's tick");
    assertThat(tick.sender()).isEqualTo(botUser.userId());
    assertThat(tick.contentText("msgtype")).isEqualTo("m.notice");
  }

  @Test
  void aReminderMissedWhileTheBotWasDownIsPostedOnceAfterTheRestart() throws InterruptedException {
    startBot();
    RoomId room = roomWithBot();
    String text = "reminder " + UUID.randomUUID();
    steward.delayedActions().scheduleReminder(room, text, Instant.now().plusSeconds(2));
    stopBot();
    Thread.sleep(3_000);

    long restartedAt = System.currentTimeMillis();
    startBot();
    RoomEvent reminder = aliceView.await(room, messageWithBody(text), "the reminder after the restart");
    assertThat(reminder.originServerTs()).as("sent after the restart, not before the stop").isGreaterThan(restartedAt);
    assertThat(reminder.contentText("msgtype")).isEqualTo("m.notice");
    stopBot();
    startBot();
    alice.sendText(room, "marker");
    aliceView.await(room, messageWithBody("marker"), "the marker");
    Thread.sleep(1_000);
    aliceView.poll();

    assertThat(aliceView.all(room, messageWithBody(text))).hasSize(1);
  }

  @Test
  void unbansAndUnmutesWhenDue() {
    startBot();
    RoomId room = roomWithBot();
    alice.rooms().setPowerLevel(room, botUser.userId(), 100);
    aliceView.await(room, e -> e.type().equals("m.room.power_levels")
        && e.content().path("users").path(botUser.userId().value()).asInt() == 100, "the bot made admin");
    UserId bob = hs.newUser("bob").userId();
    UserId carol = hs.newUser("carol").userId();
    Rooms asBot = steward.client().rooms();
    asBot.ban(room, bob, "for a minute");
    asBot.setPowerLevel(room, carol, -1);

    steward.delayedActions().scheduleUnban(room, bob, Instant.now().plusSeconds(1));
    steward.delayedActions().scheduleUnmute(room, carol, 25, Instant.now().plusSeconds(1));

    aliceView.await(room, e -> isMembership(e, bob, "ban"), "bob banned");
    RoomEvent unban = aliceView.await(room, e -> isMembership(e, bob, "leave"), "bob unbanned");
    assertThat(unban.sender()).isEqualTo(botUser.userId());
    RoomEvent levels = aliceView.await(room, e -> e.type().equals("m.room.power_levels")
        && e.content().path("users").path(carol.value()).asInt() == 25, "carol's level restored");
    assertThat(levels.sender()).isEqualTo(botUser.userId());
    assertThat(levels.content().path("users").path(botUser.userId().value()).asInt()).isEqualTo(100);
  }
}

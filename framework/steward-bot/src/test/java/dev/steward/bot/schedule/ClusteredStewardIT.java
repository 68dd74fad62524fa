package dev.steward.bot.schedule;

import static dev.steward.client.testing.SyncWatcher.messageWithBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.annotation.OnInvite;
import dev.steward.bot.config.ConfigLoader;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bot.event.InviteEvent;
import dev.steward.bot.runtime.Steward;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.Rooms;
import dev.steward.client.UserId;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Steward runtimes, clustered on one PostgreSQL, both in alice's room: reminders scheduled on one are posted
 * once each, by whichever instance ran them, as alice sees it on a real Synapse.
 */
class ClusteredStewardIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private final List<Steward> runtimes = new ArrayList<>();

  /** Joins when invited; the reminders are the runtime's own. */
  static final class JoiningBot {
    @OnInvite
    void join(InviteEvent invite, Rooms rooms) {
      rooms.join(invite.room());
    }
  }

  @BeforeAll
  static void database() throws Exception {
    SharedPostgres.ensure();
    SharedPostgres.clean();
  }

  @AfterEach
  void stop() {
    runtimes.forEach(Steward::close);
  }

  private Steward start(TestUser bot, String instanceId) throws InterruptedException {
    String yaml = """
        homeserver:
          url: %s
        auth:
          user_id: "%s"
          password: ${BOT_PASSWORD}
        bot:
          sync_timeout: 5s
        storage:
          url: %s
          username: %s
          password: %s
        scheduler:
          cluster: true
          instance_id: %s
          cluster_checkin_interval: 1s
        """.formatted(hs.url(), bot.userId(), SharedPostgres.URL, SharedPostgres.USER, SharedPostgres.PASSWORD,
        instanceId);
    StewardConfig config = ConfigLoader.loadString(yaml, Map.of("BOT_PASSWORD", bot.password())::get);
    Steward steward = Steward.builder(config).beans(new JoiningBot()).build().start();
    runtimes.add(steward);
    assertThat(steward.awaitReady(Duration.ofSeconds(60))).as("first sync of " + instanceId).isTrue();
    return steward;
  }

  private static boolean joined(RoomEvent e, UserId user) {
    return e.type().equals("m.room.member") && user.value().equals(e.stateKey())
        && "join".equals(e.content().path("membership").asText());
  }

  @Test
  void remindersScheduledOnOneInstanceArePostedOnceAcrossTheCluster() throws InterruptedException {
    TestUser botA = hs.newUser("steward-a");
    TestUser botB = hs.newUser("steward-b");
    MatrixClient alice = hs.client(hs.newUser("alice"));
    SyncWatcher aliceView = new SyncWatcher(alice);
    aliceView.poll();
    Steward a = start(botA, "runtime-a-" + UUID.randomUUID());
    start(botB, "runtime-b-" + UUID.randomUUID());
    RoomId room = alice.rooms().create(CreateRoomRequest.privateGroup("cluster it " + UUID.randomUUID(),
        botA.userId(), botB.userId()).build());
    aliceView.await(room, e -> joined(e, botA.userId()), "bot a joining");
    aliceView.await(room, e -> joined(e, botB.userId()), "bot b joining");

    String run = UUID.randomUUID().toString();
    Instant due = Instant.now().plusSeconds(2);
    for (int i = 0; i < 6; i++) {
      a.delayedActions().scheduleReminder(room, "reminder " + i + " " + run, due.plusMillis(100L * i));
    }

    for (int i = 0; i < 6; i++) {
      aliceView.await(room, messageWithBody("reminder " + i + " " + run), "reminder " + i);
    }
    Thread.sleep(3_000); // time for a duplicate to arrive, if the cluster let one through
    aliceView.poll();
    for (int i = 0; i < 6; i++) {
      List<RoomEvent> seen = aliceView.all(room, messageWithBody("reminder " + i + " " + run));
      assertThat(seen).as("reminder %d", i).hasSize(1);
      assertThat(seen.get(0).sender()).isIn(botA.userId(), botB.userId());
    }
  }
}

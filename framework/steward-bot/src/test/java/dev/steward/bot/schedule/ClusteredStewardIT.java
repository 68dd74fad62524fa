package dev.steward.bot.schedule;

import static dev.steward.client.testing.SyncWatcher.messageWithBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.annotation.OnInvite;
import dev.steward.bot.event.InviteEvent;
import dev.steward.bot.runtime.RuntimeFixture;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  private Steward start(TestUser bot, String instanceId) {
    String storage = "url: %s\nusername: %s\npassword: %s".formatted(SharedPostgres.URL, SharedPostgres.USER,
        SharedPostgres.PASSWORD);
    String scheduler = "scheduler:\n  cluster: true\n  instance_id: %s\n  cluster_checkin_interval: 1s"
        .formatted(instanceId);
    Steward steward = RuntimeFixture.startReady(
        Steward.builder(RuntimeFixture.config(hs, bot, storage, scheduler)).beans(new JoiningBot()));
    runtimes.add(steward);
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

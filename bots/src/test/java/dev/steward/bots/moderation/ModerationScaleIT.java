package dev.steward.bots.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.runtime.Steward;
import dev.steward.bots.BotsFixture;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.Await;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One ban across 100 protected rooms on the dev Synapse, timed from the moderator's command to the last ban the
 * banned user sees. Prints the figures (set-up, bot start, command to report, command to last ban seen); the test
 * asserts only that every room banned.
 */
class ModerationScaleIT {
  private static final int ROOMS = 100;
  private final TestHomeserver hs = TestHomeserver.get();

  @TempDir
  Path dir;

  @Test
  void aBanReachesAllOfAHundredProtectedRooms() throws Exception {
    long t0 = System.nanoTime();
    TestUser botUser = hs.newUser("scalebot");
    TestUser mod = hs.newUser("scalemod");
    TestUser target = hs.newUser("scaletarget");
    MatrixClient bot = hs.client(botUser);
    MatrixClient modClient = hs.client(mod);
    MatrixClient targetClient = hs.client(target);
    RoomId management = bot.rooms().create(CreateRoomRequest.privateGroup("Moderators", mod.userId()).build());
    modClient.rooms().join(management);
    List<RoomId> rooms = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> made = new ArrayList<>();
      for (int i = 0; i < ROOMS; i++) {
        String name = "Scale " + i;
        made.add(pool.submit(() -> {
          RoomId room = bot.rooms().create(CreateRoomRequest.builder().name(name)
              .preset(CreateRoomRequest.Preset.PUBLIC_CHAT).build());
          targetClient.rooms().join(room);
          rooms.add(room);
        }));
      }
      for (Future<?> f : made) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    double setUp = seconds(t0);
    SyncWatcher targetView = new SyncWatcher(targetClient);
    targetView.poll();
    SyncWatcher modView = new SyncWatcher(modClient);
    long t1 = System.nanoTime();
    String yaml = """
        moderation:
          management_room: "%s"
          moderators: ["%s"]
          protected_rooms: [%s]
        """.formatted(management, mod.userId(),
        rooms.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(", ")));
    Steward steward = BotsFixture.start(hs, botUser, dir, yaml, ModerationBot.class);
    try {
      modView.await(management, fromBot(botUser, "Moderation bot started: protecting " + ROOMS + " room(s)"),
          "the start-up report");
      double start = seconds(t1);

      long t2 = System.nanoTime();
      modClient.sendText(management, "!ban " + target.userId() + " scale test");
      RoomEvent report = Await.until(Duration.ofSeconds(120), "the ban report", () -> {
        modView.poll();
        return modView.all(management, fromBot(botUser, "banned " + target.userId())).stream().findFirst();
      });
      double toReport = seconds(t2);
      Set<RoomId> banned = new HashSet<>();
      Await.until(Duration.ofSeconds(120), "the ban seen in all rooms", () -> {
        var batch = targetView.poll();
        batch.left().keySet().forEach(banned::add);
        return banned.containsAll(rooms) ? Optional.of(true) : Optional.empty();
      });
      double toLastBan = seconds(t2);

      System.out.printf("moderation scale: %d rooms; set-up %.1f s, bot start %.1f s, command to report %.1f s, "
          + "command to last ban seen by the banned user %.1f s; report: %s%n", ROOMS, setUp, start, toReport,
          toLastBan, report.contentText("body").lines().findFirst().orElse(""));
      assertThat(report.contentText("body")).contains("banned " + target.userId() + " in " + ROOMS + " of " + ROOMS);
      assertThat(banned).containsAll(rooms);
    } finally {
      steward.close();
    }
  }

  private static java.util.function.Predicate<RoomEvent> fromBot(TestUser bot, String text) {
    return e -> e.type().equals("m.room.message") && bot.userId().equals(e.sender())
        && e.contentText("body") != null && e.contentText("body").contains(text);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}

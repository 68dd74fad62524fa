package dev.steward.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.EventId;
import dev.steward.client.History;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.SyncRequest;
import dev.steward.client.UserId;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot process killed with SIGKILL in the middle of a batch, then started again on the same H2 file store and
 * access token: alice, another user, must find every command answered exactly once, including those sent while the
 * bot was down, and also when the restarted bot runs handlers again. The bot runs in a child JVM
 * ({@link WorkBotMain}); its commands take 200 ms, in three rooms at once, so several are in flight when the kill
 * lands. Replies are counted from the rooms' history as alice reads it, not from her incremental sync, whose
 * timelines Synapse cuts to the last few events when many arrive between polls.
 */
class ProcessKillIT {
  private static final int ROOMS = 3;
  private static final int COMMANDS = 60;
  private static final int WHILE_DOWN = 6;
  private static final int KILL_AFTER_DONE = 15;
  /** Exit value of a process ended by signal 9 (128 + 9); SIGTERM would give 143. */
  private static final int SIGKILLED = 137;

  private final TestHomeserver hs = TestHomeserver.get();
  private final List<BotProcess> processes = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void stopBots() throws InterruptedException {
    for (BotProcess p : processes) {
      p.stop();
    }
  }

  @Test
  void aBotKilledMidBatchAndRestartedOnTheSameStoreAnswersEveryCommandExactlyOnce() throws Exception {
    Outcome o = killAndRestart(false);

    assertThat(o.exit()).as("the first process died of SIGKILL").isEqualTo(SIGKILLED);
    assertThat(o.inFlight()).as("handlers running at the kill").isNotEmpty();
    assertThat(o.whileDownAnswered()).as("commands sent while the bot was down, answered once after the restart")
        .isTrue();
    assertThat(o.duplicated()).as("commands answered more than once").isEmpty();
    // Lost ones may include events the dispatcher had taken on but whose handler had not printed START yet.
    assertThat(o.lost()).as("commands never answered (handlers running at the kill: %s)", o.inFlight()).isEmpty();
  }

  /**
   * At-least-once taken to its extreme: before the restart every record of handled events is forgotten and the sync
   * token is sent back to before the first command, so the second process runs every handler again, finished ones
   * included. The replies keep their transaction ids (derived from the command's event id), so alice still sees
   * each one once.
   */
  @Test
  void handlersRunAgainAfterAKillSendNoReplyTwice() throws Exception {
    Outcome o = killAndRestart(true);

    assertThat(o.exit()).as("the first process died of SIGKILL").isEqualTo(SIGKILLED);
    assertThat(o.ranTwice()).as("handlers that had finished before the kill and ran again").isNotEmpty();
    assertThat(o.duplicated()).as("commands answered more than once").isEmpty();
    assertThat(o.lost()).as("commands never answered").isEmpty();
  }

  /** What alice saw and what each process reported. */
  private record Outcome(int exit, Set<Integer> inFlight, Set<Integer> ranTwice, Set<Integer> lost,
                         Map<Integer, Integer> duplicated, boolean whileDownAnswered) {}

  /**
   * Alice sends the commands, the first process is killed after {@link #KILL_AFTER_DONE} answers, alice sends more
   * while it is down, a second process starts on the same store and token; prints the figures.
   */
  private Outcome killAndRestart(boolean forgetHandled) throws Exception {
    TestUser botUser = hs.newUser("killbot");
    TestUser aliceUser = hs.newUser("alice");
    MatrixClient alice = hs.client(aliceUser);
    List<RoomId> rooms = roomsWithBot(alice, hs.client(botUser), botUser.userId());
    // The store's default H2 file settings, write delay included: H2 may keep the newest commits (handled ids, sync
    // tokens) in memory for up to half a second, so a kill can lose them. That costs re-runs, not commands: claims
    // live in memory, so whatever was not recorded as handled runs again, under the same transaction ids.
    String db = "jdbc:h2:file:" + dir.resolve("steward");
    Map<EventId, Integer> commands = new HashMap<>();

    AtomicBoolean killed = new AtomicBoolean();
    BotProcess first = start("bot-1", botUser, db, p -> {
      if (p.done().size() >= KILL_AFTER_DONE && killed.compareAndSet(false, true)) {
        p.kill(); // right after a START: that command, and any in other rooms, is mid-flight
      }
    });
    // A position in the event stream from before the commands: Synapse's sync tokens are stream positions, not
    // tied to the user who synced, so the bot can be sent back to it.
    String beforeCommands = alice.sync(new SyncRequest(null, Duration.ZERO, null, false, null)).nextBatch();
    for (int n = 1; n <= COMMANDS; n++) {
      commands.put(alice.sendText(rooms.get((n - 1) % ROOMS), "!work " + n), n);
    }
    int exit = first.awaitExit(Duration.ofSeconds(60));
    assertThat(killed).as("the kill was triggered").isTrue();
    Set<Integer> inFlight = new TreeSet<>(first.unfinished());
    for (int n = COMMANDS + 1; n <= COMMANDS + WHILE_DOWN; n++) {
      commands.put(alice.sendText(rooms.get((n - 1) % ROOMS), "!work " + n), n);
    }
    if (forgetHandled) {
      // Forget every handled event and rewind the sync token to before the first command: the second process
      // gets every command again and runs every handler again, finished ones included.
      try (Connection c = DriverManager.getConnection(db); Statement s = c.createStatement();
           PreparedStatement rewind = c.prepareStatement("UPDATE steward_sync_token SET token = ?")) {
        s.executeUpdate("DELETE FROM steward_handled_log"); // H2's record of handled events
        rewind.setString(1, beforeCommands);
        rewind.executeUpdate();
      }
    }
    BotProcess second = start("bot-2", botUser, db, p -> { });
    Map<Integer, Integer> replies = awaitQuiet(alice, rooms, commands, botUser.userId(), second);

    Set<Integer> lost = new TreeSet<>(commands.values());
    lost.removeAll(replies.keySet());
    Map<Integer, Integer> duplicated = new TreeMap<>(replies);
    duplicated.values().removeIf(count -> count == 1);
    Set<Integer> ranTwice = new TreeSet<>(first.done());
    ranTwice.retainAll(second.started());
    Set<Integer> inFlightRerun = new TreeSet<>(inFlight);
    inFlightRerun.retainAll(second.started());
    boolean whileDownAnswered = IntStream.rangeClosed(COMMANDS + 1, COMMANDS + WHILE_DOWN)
        .allMatch(n -> replies.getOrDefault(n, 0) == 1);
    System.out.printf("ProcessKillIT%s: commands sent %d (%d while the bot was down); replies seen %d; commands "
            + "answered %d; duplicates %d %s; lost %d %s; handlers running at the kill %d %s, of which run again "
            + "after the restart %s; finished before the kill %d, after the restart %d; handlers that had finished and ran "
            + "again %d; first process exit value %d%n", forgetHandled ? " (handled events forgotten)" : "",
        commands.size(), WHILE_DOWN, replies.values().stream().mapToInt(Integer::intValue).sum(), replies.size(),
        duplicated.values().stream().mapToInt(c -> c - 1).sum(), duplicated, lost.size(), lost, inFlight.size(),
        inFlight, inFlightRerun, first.done().size(), second.done().size(), ranTwice.size(), exit);
    return new Outcome(exit, inFlight, ranTwice, lost, duplicated, whileDownAnswered);
  }

  private BotProcess start(String name, TestUser bot, String db, java.util.function.Consumer<BotProcess> onStart)
      throws Exception {
    BotProcess p = BotProcess.start(name, hs.url(), bot, db, onStart);
    processes.add(p);
    p.awaitReady(Duration.ofSeconds(60));
    return p;
  }

  /** Rooms alice created with the bot joined, before the bot process first syncs (so they are not commands). */
  private List<RoomId> roomsWithBot(MatrixClient alice, MatrixClient botSide, UserId bot) {
    SyncWatcher aliceView = new SyncWatcher(alice);
    aliceView.poll();
    List<RoomId> rooms = new ArrayList<>();
    for (int i = 0; i < ROOMS; i++) {
      RoomId room = alice.rooms().create(CreateRoomRequest.privateGroup("kill " + UUID.randomUUID(), bot).build());
      botSide.rooms().join(room);
      aliceView.await(room, e -> e.type().equals("m.room.member") && bot.value().equals(e.stateKey())
          && "join".equals(e.content().path("membership").asText()), "the bot's join");
      rooms.add(room);
    }
    return rooms;
  }

  /**
   * Reads the rooms until every command has a reply and the bot has been idle for 3 s, or it has been idle for
   * 10 s with some still unanswered (lost), at most 60 s; returns how many replies each command number got.
   */
  private Map<Integer, Integer> awaitQuiet(MatrixClient alice, List<RoomId> rooms, Map<EventId, Integer> commands,
                                           UserId bot, BotProcess running) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<Integer, Integer> replies = Map.of();
    while (System.nanoTime() < deadline) {
      replies = replies(alice, rooms, commands, bot);
      boolean allAnswered = replies.keySet().containsAll(commands.values());
      Duration quiet = running.quietFor();
      if (quiet.compareTo(Duration.ofSeconds(allAnswered ? 3 : 10)) > 0) {
        return replies(alice, rooms, commands, bot);
      }
      Thread.sleep(500);
    }
    return replies;
  }

  /** Replies of the bot by the command number they answer ({@code m.in_reply_to}), as alice reads the rooms. */
  private static Map<Integer, Integer> replies(MatrixClient alice, List<RoomId> rooms,
                                               Map<EventId, Integer> commands, UserId bot) {
    Map<Integer, Integer> counts = new TreeMap<>();
    for (RoomId room : rooms) {
      List<RoomEvent> events = alice.history().stream(room, History.Direction.BACKWARD).toList();
      for (RoomEvent e : events) {
        if (!e.type().equals("m.room.message") || !e.sender().equals(bot)) {
          continue;
        }
        String to = e.content().path("m.relates_to").path("m.in_reply_to").path("event_id").asText("");
        Integer n = commands.get(to.isEmpty() ? null : EventId.of(to));
        assertThat(n).as("a bot message answering one of alice's commands: %s", e.content()).isNotNull();
        assertThat(e.contentText("body")).isEqualTo("done " + n);
        counts.merge(n, 1, Integer::sum);
      }
    }
    return counts;
  }
}

package dev.steward.bots.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.runtime.Steward;
import dev.steward.bots.BotsFixture;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The housekeeping bot on a real Synapse, with its job every 2 seconds and rooms idle after a few: judged by what
 * the members see, the warning and archive notices, a send refused in the archived room, the kick of a silent member.
 */
class HousekeepingIT {
  private static final String EVERY_2S = "0/2 * * * * ?";

  private final TestHomeserver hs = TestHomeserver.get();
  private final ScheduledExecutorService chatter = Executors.newSingleThreadScheduledExecutor();
  private TestUser botUser;
  private TestUser alice;
  private TestUser bob;
  private MatrixClient aliceClient;
  private MatrixClient bobClient;
  private Steward steward;

  @TempDir
  Path dir;

  @BeforeEach
  void users() {
    botUser = hs.newUser("steward");
    alice = hs.newUser("alice");
    bob = hs.newUser("bob");
    aliceClient = hs.client(alice);
    bobClient = hs.client(bob);
  }

  @AfterEach
  void stop() {
    chatter.shutdownNow();
    if (steward != null) {
      steward.close();
    }
  }

  /** The bot on its store in {@link #dir} with {@code yaml} as its housekeeping section: again is a restart. */
  private void startBot(String yaml) {
    steward = BotsFixture.start(hs, botUser, dir, "housekeeping:\n" + yaml.stripTrailing().indent(2),
        HousekeepingBot.class);
  }

  /** Alice's room with the bot (power 100, as alice) and the given members (power as given) joined. */
  private RoomId room(String name, Map<TestUser, Integer> members) {
    ObjectNode users = JsonNodeFactory.instance.objectNode().put(alice.userId().value(), 100)
        .put(botUser.userId().value(), 100);
    members.forEach((u, level) -> users.put(u.userId().value(), level));
    ObjectNode levels = JsonNodeFactory.instance.objectNode();
    levels.set("users", users);
    CreateRoomRequest.Builder b = CreateRoomRequest.privateGroup(name, botUser.userId())
        .powerLevelContentOverride(levels);
    members.keySet().forEach(u -> b.invite(u.userId()));
    RoomId room = aliceClient.rooms().create(b.build());
    hs.client(botUser).rooms().join(room);
    members.keySet().forEach(u -> hs.client(u).rooms().join(room));
    return room;
  }

  /** {@code user} says something in {@code room} every second until the test ends. */
  private void keepTalking(MatrixClient user, RoomId room) {
    chatter.scheduleWithFixedDelay(() -> {
      try {
        user.messages().text(room, "still here");
      } catch (MatrixException e) {
        // The test ends with this room still open; a send failing on the way out is no finding.
      }
    }, 0, 1, TimeUnit.SECONDS);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private Predicate<RoomEvent> fromBot(String bodyStart) {
    return e -> e.type().equals("m.room.message") && botUser.userId().equals(e.sender())
        && e.contentText("body").startsWith(bodyStart);
  }

  private Predicate<RoomEvent> anyFromBot() {
    return e -> e.type().equals("m.room.message") && botUser.userId().equals(e.sender());
  }

  @Test
  void archivesTheIdleRoomAfterOneWarningAlsoAcrossRestartsAndUnarchiveRestoresPosting() {
    RoomId idle = room("Idle", Map.of(bob, 0));
    RoomId active = room("Active", Map.of());
    keepTalking(aliceClient, active);
    String settings = """
        schedule: "%s"
        idle_after: 8s
        warn_before: 4s
        """.formatted(EVERY_2S);
    startBot(settings);
    SyncWatcher bobView = new SyncWatcher(bobClient);

    RoomEvent warning = bobView.await(idle, fromBot("This room has had no messages"), "the idle warning");
    assertThat(warning.contentText("msgtype")).isEqualTo("m.notice");
    steward.close();
    startBot(settings);
    RoomEvent archived = bobView.await(idle, fromBot("This room was archived"), "the archive notice");
    assertThat(archived.contentText("body")).contains("!unarchive");
    assertThatThrownBy(() -> bobClient.messages().text(idle, "anyone?"))
        .isInstanceOf(MatrixException.class).hasMessageContaining("M_FORBIDDEN");

    // Restarted on the same store, the bot finds the room archived and neither warns nor archives it again.
    steward.close();
    startBot(settings);
    pause(4_000); // two runs of the job
    aliceClient.messages().text(idle, "!idle");
    SyncWatcher aliceView = new SyncWatcher(aliceClient);
    aliceView.await(idle, fromBot("No room is on its way").or(fromBot("Rooms to be archived next")),
        "the answer to !idle, a few runs after the restart");
    bobView.poll();
    assertThat(bobView.all(idle, anyFromBot())).as("one warning, one archive notice, then !idle's answer")
        .hasSize(3).startsWith(warning, archived);
    assertThat(bobView.all(active, anyFromBot())).as("the active room is left alone").isEmpty();
    assertThat(aliceClient.moderation().isArchived(active)).isFalse();

    aliceClient.messages().text(idle, "!unarchive");
    bobView.await(idle, fromBot("Unarchived by " + alice.userId()), "the unarchive notice");
    bobClient.messages().text(idle, "back again");
    assertThat(aliceClient.moderation().isArchived(idle)).isFalse();
  }

  @Test
  void aDryRunOnlyReportsToTheAdminRoomAndIdleListsTheRoomDue() {
    RoomId admin = room("Admin", Map.of());
    RoomId idle = room("Quiet", Map.of(bob, 0));
    startBot("""
        schedule: "%s"
        idle_after: 3s
        warn_before: 1s
        dry_run: true
        admin_room: "%s"
        """.formatted(EVERY_2S, admin));
    SyncWatcher aliceView = new SyncWatcher(aliceClient);

    RoomEvent report = aliceView.await(admin, fromBot("Housekeeping dry run").and(e -> e.contentText("body")
        .contains("would archive " + idle)), "the dry run's report that it would archive the quiet room");
    aliceClient.messages().text(admin, "!idle");
    RoomEvent due = aliceView.await(admin, fromBot("Dry run, nothing is archived"), "the answer to !idle");

    assertThat(report.contentText("msgtype")).isEqualTo("m.notice");
    assertThat(due.contentText("body")).contains("Quiet (" + idle + "): due now");
    assertThat(aliceClient.moderation().isArchived(idle)).isFalse();
    SyncWatcher bobView = new SyncWatcher(bobClient);
    bobView.poll();
    assertThat(bobView.all(idle, anyFromBot())).as("no warning, no notice in the room").isEmpty();
    bobClient.messages().text(idle, "still open");
  }

  @Test
  void pruningKicksTheSilentMemberAfterOneWarningAndSparesTheActiveOneAndTheModerator() {
    TestUser carol = hs.newUser("carol");
    TestUser dave = hs.newUser("dave");
    RoomId room = room("Club", Map.of(bob, 0, carol, 0, dave, 50));
    keepTalking(bobClient, room);
    startBot("""
        schedule: "%s"
        idle_after: 1d
        warn_before: 1h
        prune_rooms: ["%s"]
        prune_after: 6s
        prune_warn_before: 3s
        prune_reason: "Silent too long"
        """.formatted(EVERY_2S, room));
    SyncWatcher aliceView = new SyncWatcher(aliceClient);

    RoomEvent warning = aliceView.await(room, anyFromBot(), "the warning to carol");
    RoomEvent kick = aliceView.await(room, e -> e.type().equals("m.room.member")
        && carol.userId().value().equals(e.stateKey()) && "leave".equals(e.contentText("membership")),
        "carol kicked");

    assertThat(warning.contentText("body")).contains("you have not posted in this room since");
    assertThat(warning.contentText("formatted_body"))
        .contains("https://matrix.to/#/" + URLEncoder.encode(carol.userId().value(), StandardCharsets.UTF_8));
    assertThat(kick.sender()).isEqualTo(botUser.userId());
    assertThat(kick.contentText("reason")).isEqualTo("Silent too long");
    assertThat(aliceView.all(room, anyFromBot())).as("one warning, to carol only").containsExactly(warning);
    assertThat(aliceClient.rooms().joinedMembers(room).keySet())
        .contains(alice.userId(), bob.userId(), dave.userId(), botUser.userId()).doesNotContain(carol.userId());
    List<RoomEvent> kicks = aliceView.all(room, e -> e.type().equals("m.room.member")
        && "leave".equals(e.contentText("membership")));
    assertThat(kicks).containsExactly(kick);
  }
}

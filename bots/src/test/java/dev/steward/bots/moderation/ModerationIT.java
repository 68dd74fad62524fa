package dev.steward.bots.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.runtime.Steward;
import dev.steward.bot.store.StewardStore;
import dev.steward.bots.BotsFixture;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.Await;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The moderation bot on a real Synapse, judged by what other users see: a moderator commands it from the management
 * room, the protected rooms {@link #roomA} and {@link #roomB} are public, and each test has targets of its own. The
 * rooms, the moderator and the bot are shared by the tests (creating rooms is the slow part).
 */
class ModerationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TestHomeserver hs = TestHomeserver.get();
  private static TestUser botUser;
  private static TestUser mod;
  private static TestUser eve;
  private static MatrixClient modClient;
  private static SyncWatcher modView;
  private static RoomId management;
  private static RoomId roomA;
  private static RoomId roomB;
  private static RoomId list;
  private static Steward steward;

  @TempDir
  static Path dir;

  @BeforeAll
  static void setUp() {
    botUser = hs.newUser("modbot");
    mod = hs.newUser("mod");
    eve = hs.newUser("eve");
    MatrixClient bot = hs.client(botUser);
    modClient = hs.client(mod);
    modView = new SyncWatcher(modClient);
    management = bot.rooms().create(CreateRoomRequest.privateGroup("Moderators", mod.userId(), eve.userId())
        .powerLevelContentOverride(levels(mod, 50)).build());
    roomA = bot.rooms().create(ItEvents.publicRoom("A").build());
    roomB = bot.rooms().create(ItEvents.publicRoom("B").build());
    list = bot.rooms().create(ItEvents.publicRoom("Ban list")
        .powerLevelContentOverride(levels(mod, 50)).build());
    modClient.rooms().join(management);
    hs.client(eve).rooms().join(management);
    modClient.rooms().join(roomA);
    modClient.rooms().join(roomB);
    modClient.rooms().join(list);
    steward = startBot();
    modView.await(management, fromBot("Moderation bot started"), "the start-up report");
  }

  private static ObjectNode levels(TestUser user, int level) {
    ObjectNode pl = JSON.createObjectNode();
    pl.putObject("users").put(botUser.userId().value(), 100).put(user.userId().value(), level);
    return pl;
  }

  private static Steward startBot() {
    return BotsFixture.start(hs, botUser, dir, """
        moderation:
          management_room: "%s"
          protected_rooms: ["%s", "%s"]
          policy_lists: ["%s"]
        """.formatted(management, roomA, roomB, list), ModerationBot.class);
  }

  @AfterAll
  static void tearDown() {
    if (steward != null) {
      steward.close();
    }
  }

  private static Predicate<RoomEvent> fromBot(String text) {
    return ItEvents.from(botUser.userId(), text);
  }

  /** A new user who joined both protected rooms; {@code prefix} starts their localpart. */
  private static TestUser member(String prefix) {
    TestUser u = hs.newUser(prefix);
    MatrixClient c = hs.client(u);
    c.rooms().join(roomA);
    c.rooms().join(roomB);
    modView.await(roomB, ItEvents.membership(u.userId(), "join"), u.userId() + " joining B");
    return u;
  }

  private static void command(String text) {
    modClient.sendText(management, text);
  }

  private static void assertCannotJoin(TestUser user, RoomId room) {
    assertThatThrownBy(() -> hs.client(user).rooms().join(room)).isInstanceOf(MatrixException.class)
        .satisfies(e -> assertThat(((MatrixException) e).status()).isEqualTo(403)); // M_FORBIDDEN or M_BAD_STATE
  }

  @Test
  void aModeratorsBanBansInBothRoomsTheUserCannotRejoinAndUnbanLetsThemBack() {
    TestUser spammer = member("spammer");

    command("!ban " + spammer.userId() + " spam links");

    modView.await(management, fromBot("banned " + spammer.userId() + " in 2 of 2 room(s)"), "the ban report");
    modView.await(roomA, ItEvents.membership(spammer.userId(), "ban"), "the ban in A");
    modView.await(roomB, ItEvents.membership(spammer.userId(), "ban"), "the ban in B");
    assertCannotJoin(spammer, roomA);
    assertCannotJoin(spammer, roomB);

    command("!unban " + spammer.userId());

    modView.await(management, fromBot("unbanned " + spammer.userId() + " in 2 of 2"), "the unban report");
    assertThat(hs.client(spammer).rooms().join(roomA)).isEqualTo(roomA);
  }

  @Test
  void aNonModeratorsBanIsRefusedAndChangesNothing() {
    TestUser target = member("target");

    hs.client(eve).sendText(management, "!ban " + target.userId());

    modView.await(management, fromBot("Refused: only moderators may use !ban"), "the refusal");
    EventId said = hs.client(target).sendText(roomA, "still here");
    assertThat(said).isNotNull();
    assertThat(hs.client(botUser).rooms().state(roomA, "m.room.member", target.userId().value())
        .map(c -> c.path("membership").asText())).contains("join");
  }

  @Test
  void aTimedMuteMutesAndEndsOnScheduleAcrossARestart() {
    TestUser noisy = member("noisy");
    MatrixClient noisyClient = hs.client(noisy);

    command("!mute " + noisy.userId() + " 5s too loud");

    modView.await(management, fromBot("muted " + noisy.userId() + " in 2 of 2"), "the mute report");
    assertThatThrownBy(() -> noisyClient.sendText(roomA, "can I talk?")).isInstanceOf(MatrixException.class);
    steward.close();
    steward = startBot();

    modView.await(management, fromBot("unmuted " + noisy.userId() + " in 2 of 2"), "the unmute on schedule");
    assertThat(noisyClient.sendText(roomA, "back again")).isNotNull();
    assertThat(hs.client(botUser).rooms().powerLevels(roomA).users()).doesNotContainKey(noisy.userId());
  }

  @Test
  void aMassBanCutOffByACrashFinishesAfterTheRestartBanningEachRoomOnce() {
    TestUser target = member("crashed");
    // What the first run did before the crash: the plan recorded, room A banned and marked done, room B not yet.
    hs.client(botUser).rooms().ban(roomA, target.userId(), "crash test");
    modView.await(roomA, ItEvents.membership(target.userId(), "ban"), "the first run's ban in A");
    steward.close();
    ObjectNode plan = JSON.createObjectNode().put("action", "BAN").put("target", target.userId().value())
        .put("reason", "crash test").put("source", "moderator:" + mod.userId());
    plan.putArray("rooms").add(roomA.value()).add(roomB.value());
    plan.putArray("done").add(roomA.value());
    try (StewardStore store = StewardStore.open("jdbc:h2:file:" + dir + "/steward", "", "")) {
      store.state("moderation.plans").put("crash-" + UUID.randomUUID(), plan.toString());
    }

    steward = startBot();

    modView.await(management, fromBot("Finishing the ban of " + target.userId()), "the resume notice");
    modView.await(management, fromBot("banned " + target.userId() + " in 1 of 1 room(s)"), "the resumed ban");
    modView.await(roomB, ItEvents.membership(target.userId(), "ban"), "the ban in B");
    assertThat(modView.all(roomA, ItEvents.membership(target.userId(), "ban"))).hasSize(1);
    assertCannotJoin(target, roomB);
  }

  @Test
  void aDryRunGlobBanListsTheMatchesAndChangesNothing() {
    String prefix = "dry" + UUID.randomUUID().toString().substring(0, 6);
    TestUser target = member(prefix);
    String glob = "@" + prefix + "*:" + target.userId().server();

    command("!ban " + glob + " --dry-run");

    RoomEvent reply = modView.await(management, fromBot("Dry run: would ban 1 member(s) matching " + glob),
        "the dry-run listing");
    assertThat(reply.contentText("body")).contains(target.userId().value());
    assertThat(hs.client(target).sendText(roomB, "not banned")).isNotNull();
  }

  @Test
  void redactRemovesTheUsersRecentMessages() {
    TestUser spammer = member("redactee");
    MatrixClient c = hs.client(spammer);
    List<EventId> sent = List.of(c.sendText(roomA, "buy 1"), c.sendText(roomA, "buy 2"), c.sendText(roomB, "buy 3"));
    EventId other = modClient.sendText(roomA, "a moderator's message");

    command("!redact " + spammer.userId() + " 20");

    modView.await(management, fromBot("redacted 3 event(s) of " + spammer.userId()), "the redaction report");
    for (EventId id : sent) {
      RoomId room = id.equals(sent.get(2)) ? roomB : roomA;
      assertThat(modClient.history().event(room, id).content().size()).as("content of %s", id).isZero();
    }
    assertThat(modClient.history().event(roomA, other).contentText("body")).isEqualTo("a moderator's message");
  }

  @Test
  void aBanListRuleBansMembersAndLaterJoinersAndItsRemovalUnbansThem() {
    String prefix = "pol" + UUID.randomUUID().toString().substring(0, 6);
    TestUser member = member(prefix);
    String entity = "@" + prefix + "*:" + member.userId().server();
    ObjectNode rule = JSON.createObjectNode().put("entity", entity).put("recommendation", "m.ban")
        .put("reason", "spam wave");

    modClient.rooms().sendState(list, "m.policy.rule.user", "rule:" + entity, rule);

    modView.await(roomA, ItEvents.membership(member.userId(), "ban"), "the list ban in A");
    modView.await(roomB, ItEvents.membership(member.userId(), "ban"), "the list ban in B");
    assertCannotJoin(member, roomA);
    TestUser late = hs.newUser(prefix);
    hs.client(late).rooms().join(roomB);
    modView.await(roomB, ItEvents.membership(late.userId(), "ban"), "the ban of a later joiner");

    modClient.rooms().sendState(list, "m.policy.rule.user", "rule:" + entity, JSON.createObjectNode());

    modView.await(management, fromBot("rule " + entity + " in " + list + " was removed"), "the lifting report");
    Await.until(Duration.ofSeconds(20), "the member unbanned in A and B", () -> {
      modView.poll();
      boolean a = !modView.all(roomA, ItEvents.membership(member.userId(), "leave")).isEmpty();
      boolean b = !modView.all(roomB, ItEvents.membership(member.userId(), "leave")).isEmpty();
      return a && b ? Optional.of(true) : Optional.empty();
    });
    assertThat(hs.client(member).rooms().join(roomA)).isEqualTo(roomA);
    assertThat(hs.client(late).rooms().join(roomB)).isEqualTo(roomB);
  }
}

package dev.steward.bots.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.runtime.Steward;
import dev.steward.bots.BotsFixture;
import dev.steward.bots.moderation.reports.AbuseReports;
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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The moderation bot's optional parts on a real Synapse, judged by what other users see: the server ACL it keeps
 * from a list's server rule, a moderator's own ban in room A applied in room B, and a user's abuse report forwarded
 * to the management room and acted on by a moderator's reaction. The bot is a server admin here (abuse reports need
 * Synapse's admin API); the moderator has level 50 everywhere, so their bans are their own.
 */
class ModerationExtrasIT {
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
    botUser = hs.newAdmin("modbot");
    mod = hs.newUser("mod");
    eve = hs.newUser("eve");
    MatrixClient bot = hs.client(botUser);
    modClient = hs.client(mod);
    modView = new SyncWatcher(modClient);
    management = bot.rooms().create(CreateRoomRequest.privateGroup("Moderators", mod.userId())
        .powerLevelContentOverride(levels()).build());
    roomA = bot.rooms().create(ItEvents.publicRoom("A").powerLevelContentOverride(levels()).build());
    roomB = bot.rooms().create(ItEvents.publicRoom("B").powerLevelContentOverride(levels()).build());
    list = bot.rooms().create(ItEvents.publicRoom("Ban list").powerLevelContentOverride(levels()).build());
    for (RoomId room : new RoomId[] {management, roomA, roomB, list}) {
      modClient.rooms().join(room);
    }
    hs.client(eve).rooms().join(roomA);
    steward = BotsFixture.start(hs, botUser, dir, """
        moderation:
          management_room: "%s"
          protected_rooms: ["%s", "%s"]
          policy_lists: ["%s"]
          server_acl: true
          native_bans:
            propagate: true
          abuse_reports:
            enabled: true
            poll_every: 1s
        """.formatted(management, roomA, roomB, list), ModerationBot.class);
    modView.await(management, fromBot("Moderation bot started"), "the start-up report");
  }

  private static ObjectNode levels() {
    ObjectNode pl = JSON.createObjectNode();
    pl.putObject("users").put(botUser.userId().value(), 100).put(mod.userId().value(), 50);
    return pl;
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

  @Test
  void aServerRuleInTheListSetsTheServerAclEveReadsInRoomA() {
    ObjectNode rule = JSON.createObjectNode().put("entity", "*.evil.example").put("recommendation", "m.ban");

    modClient.rooms().sendState(list, "m.policy.rule.server", "rule:*.evil.example", rule);

    JsonNode acl = Await.until(Duration.ofSeconds(20), "the server ACL in room A", () -> hs.client(eve).rooms()
        .state(roomA, "m.room.server_acl", "").filter(c -> c.path("deny").toString().contains("*.evil.example")));
    assertThat(acl.path("allow").toString()).isEqualTo("[\"*\"]");
    assertThat(acl.path("deny").toString()).isEqualTo("[\"*.evil.example\"]");
    assertThat(acl.path("allow_ip_literals").asBoolean()).isTrue();
  }

  @Test
  void aModeratorsOwnBanInRoomAShowsUpAsABanInRoomB() {
    TestUser spammer = hs.newUser("native");
    MatrixClient c = hs.client(spammer);
    c.rooms().join(roomA);
    c.rooms().join(roomB);
    modView.await(roomB, ItEvents.membership(spammer.userId(), "join"), "the spammer joining B");

    modClient.rooms().ban(roomA, spammer.userId(), "spam");

    modView.await(roomB, ItEvents.membership(spammer.userId(), "ban"), "the ban in B");
    modView.await(management, fromBot(mod.userId() + " banned " + spammer.userId() + " in " + roomA
        + " with their own client"), "the propagation report");
    assertThatThrownBy(() -> c.rooms().join(roomB)).isInstanceOf(MatrixException.class);
  }

  @Test
  void evesReportIsForwardedAndTheModeratorsReactionRedactsTheEvent() throws IOException {
    TestUser spammer = hs.newUser("reported");
    MatrixClient c = hs.client(spammer);
    c.rooms().join(roomA);
    EventId bad = c.sendText(roomA, "buy followers at https://spam.example/now");

    report(eve, roomA, bad, "spam link");

    RoomEvent notice = modView.await(management, fromBot("by " + eve.userId() + " in "), "the forwarded report");
    assertThat(notice.contentText("body")).contains("from " + spammer.userId())
        .contains("buy followers at https[:]//spam.example/now").contains("\u201Cspam link\u201D");
    ObjectNode reaction = JSON.createObjectNode();
    reaction.putObject("m.relates_to").put("rel_type", "m.annotation").put("event_id", notice.eventId().value())
        .put("key", AbuseReports.REDACT);

    modClient.sendEvent(management, "m.reaction", reaction);

    modView.await(management, fromBot("redacted " + bad), "the redaction report");
    Await.until(Duration.ofSeconds(10), "the reported event redacted", () -> Optional.of(true)
        .filter(x -> modClient.history().event(roomA, bad).content().isEmpty()));
  }

  /** What a user's client does when they report an event (Synapse then lists it in the admin API). */
  private static void report(TestUser user, RoomId room, EventId event, String reason) throws IOException {
    HttpUrl url = HttpUrl.get(hs.url()).newBuilder().addPathSegments("_matrix/client/v3/rooms")
        .addPathSegment(room.value()).addPathSegment("report").addPathSegment(event.value()).build();
    Request req = new Request.Builder().url(url).header("Authorization", "Bearer " + user.accessToken())
        .post(RequestBody.create(JSON.createObjectNode().put("reason", reason).put("score", -100).toString(),
            MediaType.get("application/json"))).build();
    try (Response r = new OkHttpClient().newCall(req).execute()) {
      assertThat(r.code()).as("the report is accepted").isEqualTo(200);
    }
  }
}

package dev.steward.bots.moderation.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.runtime.Steward;
import dev.steward.bots.BotsFixture;
import dev.steward.bots.moderation.ModerationBot;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
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
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protections on a real Synapse, judged by alice, a moderator who watches the protected room: a flood, a word-list
 * hit and a join wave, each with short windows. Bob is the member who misbehaves.
 */
class ProtectionsIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private TestUser botUser;
  private TestUser alice;
  private TestUser bob;
  private MatrixClient aliceClient;
  private MatrixClient bobClient;
  private SyncWatcher aliceView;
  private RoomId management;
  private RoomId lobby;
  private Steward steward;

  @TempDir
  Path dir;

  @BeforeEach
  void rooms() {
    botUser = hs.newUser("steward");
    alice = hs.newUser("alice");
    bob = hs.newUser("bob");
    aliceClient = hs.client(alice);
    bobClient = hs.client(bob);
    aliceView = new SyncWatcher(aliceClient);
    management = aliceClient.rooms().create(CreateRoomRequest.privateGroup("Moderators", botUser.userId()).build());
    ObjectNode levels = new ObjectMapper().createObjectNode();
    levels.putObject("users").put(alice.userId().value(), 100).put(botUser.userId().value(), 100);
    lobby = aliceClient.rooms().create(CreateRoomRequest.builder().name("Lobby")
        .preset(CreateRoomRequest.Preset.PUBLIC_CHAT).powerLevelContentOverride(levels).build());
    bobClient.rooms().join(lobby);
  }

  /**
   * The moderation bot with {@code protectionsYaml} as its protections section, on its store in {@link #dir} (so a
   * second call after {@code steward.close()} is a restart); waits for its first start notice.
   */
  private void startBot(String protectionsYaml) {
    steward = BotsFixture.start(hs, botUser, dir, """
        moderation:
          management_room: "%s"
          protected_rooms: ["%s"]
          moderators: ["%s"]
          protections:
        %s
        """.formatted(management, lobby, alice.userId(), protectionsYaml.indent(4).stripTrailing()),
        ModerationBot.class);
    aliceView.await(management, noticeWith("Moderation bot started"), "the bot's start notice");
  }

  @AfterEach
  void stop() {
    if (steward != null) {
      steward.close();
    }
  }

  private boolean fromBot(RoomEvent e) {
    return botUser.userId().equals(e.sender());
  }

  /** A message from the bot whose body contains {@code text}. */
  private Predicate<RoomEvent> noticeWith(String text) {
    return e -> fromBot(e) && e.type().equals("m.room.message") && e.contentText("body") != null
        && e.contentText("body").contains(text);
  }

  private static Predicate<RoomEvent> redactionOf(EventId target) {
    return e -> e.type().equals("m.room.redaction") && (target.value().equals(e.raw().path("redacts").asText())
        || target.value().equals(e.content().path("redacts").asText()));
  }

  private List<EventId> say(MatrixClient client, int count, String prefix) {
    List<EventId> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(client.messages().text(lobby, prefix + " " + i));
    }
    return sent;
  }

  @Test
  void aFloodIsRedactedAndTheFlooderMutedButAModeratorsFloodIsNot() {
    startBot("""
        flooding: {enabled: true, max_messages: 3, window: 30s, action: mute}
        """);
    List<EventId> moderator = say(aliceClient, 5, "announcement");
    List<EventId> burst = say(bobClient, 4, "flood");

    for (EventId e : burst) {
      aliceView.await(lobby, redactionOf(e), "the redaction of " + e);
    }
    aliceView.await(lobby, e -> fromBot(e) && e.type().equals("m.room.power_levels")
        && e.content().path("users").path(bob.userId().value()).asLong(0) < 0, "bob muted");
    assertThatThrownBy(() -> bobClient.messages().text(lobby, "can I still talk?"))
        .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.errcode()).isEqualTo("M_FORBIDDEN"));
    aliceView.await(management, noticeWith("Protection flooding in " + lobby), "the flood report");
    // Alice's messages came before Bob's, and one room's events are judged in order: none of hers was touched.
    for (EventId e : moderator) {
      assertThat(aliceView.all(lobby, redactionOf(e))).as("redactions of %s", e).isEmpty();
    }
  }

  @Test
  void aWordListHitIsRedactedAndAHarmlessMessageIsUntouched() {
    startBot("""
        words: {enabled: true, patterns: ["fr[e3]{2}\\\\s*crypto"], action: redact}
        """);
    EventId harmless = bobClient.messages().text(lobby, "free cake in the kitchen");
    EventId bad = bobClient.messages().text(lobby, "get ＦＲ3Ｅ crypto now");

    aliceView.await(lobby, redactionOf(bad), "the redaction of the word-list hit");
    RoomEvent report = aliceView.await(management, noticeWith("Protection words in " + lobby),
        "the word-list report");

    assertThat(report.contentText("body")).contains("patterns[0]").contains(bad.value());
    assertThat(aliceView.all(lobby, redactionOf(harmless))).isEmpty();
  }

  @Test
  void aJoinWaveFlipsTheJoinRuleAndTheCoolOffRestoresItAlsoAcrossARestart() {
    String protections = """
        join_waves: {enabled: true, max_joins: 3, window: 1m, join_rule: invite, cool_off: 4s}
        """;
    startBot(protections);
    boolean refused = false;
    for (int i = 0; i < 6 && !refused; i++) {
      try {
        hs.client(hs.newUser("raider")).rooms().join(lobby);
      } catch (MatrixException e) {
        refused = true; // locked already: the wave did its work
      }
    }

    RoomEvent lock = aliceView.await(lobby, e -> fromBot(e) && e.type().equals("m.room.join_rules")
        && "invite".equals(e.contentText("join_rule")), "the join rule set to invite");
    assertThatThrownBy(() -> hs.client(hs.newUser("latecomer")).rooms().join(lobby))
        .as("an uninvited user cannot join now").isInstanceOf(MatrixException.class);
    // The restore is scheduled in the store: a bot restarted during the cool-off still restores the join rule.
    steward.close();
    steward = null;
    startBot(protections);
    RoomEvent restored = aliceView.await(lobby, e -> fromBot(e) && e.type().equals("m.room.join_rules")
        && "public".equals(e.contentText("join_rule")), "the join rule restored to public");

    assertThat(restored.originServerTs() - lock.originServerTs()).as("restored after the cool-off")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(4).toMillis() - 500);
    RoomId joined = Await.until(Duration.ofSeconds(10), "a newcomer joining again", () -> {
      try {
        return Optional.of(hs.client(hs.newUser("welcome")).rooms().join(lobby));
      } catch (MatrixException e) {
        return Optional.empty();
      }
    });
    assertThat(joined).isEqualTo(lobby);
  }
}

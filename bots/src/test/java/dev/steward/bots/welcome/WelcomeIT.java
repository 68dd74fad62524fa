package dev.steward.bots.welcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.runtime.Steward;
import dev.steward.bots.BotsFixture;
import dev.steward.bots.autojoin.AutoJoinBot;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import dev.steward.client.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The welcome bot on a real Synapse: a member sees the greeting a newcomer gets, with names escaped in the HTML. */
class WelcomeIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private TestUser botUser;
  private TestUser alice;
  private Steward steward;

  @TempDir
  Path dir;

  @BeforeEach
  void start() {
    botUser = hs.newUser("steward");
    alice = hs.newUser("alice");
    steward = startBot();
  }

  /** The bot on its store in {@link #dir}: a second call after {@code steward.close()} is a restart. */
  private Steward startBot() {
    return startBot("message: \"Welcome {user} to {room}!\"");
  }

  /** The bot with {@code welcomeYaml} as the body of its welcome section. */
  private Steward startBot(String welcomeYaml) {
    return BotsFixture.start(hs, botUser, dir, """
        autojoin:
          users: ["%s"]
        welcome:
        %s
        """.formatted(alice.userId(), welcomeYaml.indent(2).stripTrailing()), AutoJoinBot.class, WelcomeBot.class);
  }

  @AfterEach
  void stop() {
    steward.close();
  }

  /** Alice's new private room with the bot in it, once alice sees the bot join. */
  private RoomId roomWithBot(MatrixClient aliceClient, SyncWatcher aliceView, String name) {
    RoomId room = aliceClient.rooms().create(CreateRoomRequest.privateGroup(name, botUser.userId()).build());
    aliceView.await(room, e -> e.type().equals("m.room.member") && botUser.userId().value().equals(e.stateKey())
        && "join".equals(e.content().path("membership").asText()), "the bot joining");
    return room;
  }

  /** Alice invites {@code user}, who joins once the invite reaches them. */
  private void inviteAndJoin(MatrixClient aliceClient, RoomId room, TestUser user, MatrixClient userClient,
                             SyncWatcher userView) {
    aliceClient.rooms().invite(room, user.userId());
    userView.awaitInvite(room);
    userClient.rooms().join(room);
  }

  private Predicate<RoomEvent> fromBot() {
    return e -> e.type().equals("m.room.message") && botUser.userId().equals(e.sender());
  }

  @Test
  void greetsANewcomerWithTheirNameEscapedInTheHtmlButNotTheMembersFromBeforeTheBot() {
    MatrixClient aliceClient = hs.client(alice);
    SyncWatcher aliceView = new SyncWatcher(aliceClient);
    RoomId room = aliceClient.rooms().create(CreateRoomRequest.privateGroup("<b>Lab</b> & \"co\"",
        botUser.userId()).build());
    aliceView.await(room, e -> e.type().equals("m.room.member") && botUser.userId().value().equals(e.stateKey())
        && "join".equals(e.content().path("membership").asText()), "the bot joining");
    TestUser bob = hs.newUser("bob");
    MatrixClient bobClient = hs.client(bob);
    bobClient.profiles().setDisplayName("<script>alert('x')</script> & \"Bob\"");
    aliceClient.rooms().invite(room, bob.userId());
    new SyncWatcher(bobClient).awaitInvite(room);
    bobClient.rooms().join(room);

    RoomEvent greeting = aliceView.await(room, fromBot(), "the greeting for bob");

    assertThat(greeting.contentText("msgtype")).isEqualTo("m.notice");
    assertThat(greeting.contentText("body"))
        .isEqualTo("Welcome <script>alert('x')</script> & \"Bob\" to <b>Lab</b> & \"co\"!");
    assertThat(greeting.contentText("format")).isEqualTo("org.matrix.custom.html");
    assertThat(greeting.contentText("formatted_body")).isEqualTo(
        "Welcome &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Bob&quot; to "
            + "&lt;b&gt;Lab&lt;/b&gt; &amp; &quot;co&quot;!");
    // Alice was in the room before the bot joined it: the greeting for bob is the bot's only message.
    assertThat(aliceView.all(room, fromBot())).containsExactly(greeting);
  }

  @Test
  void greetsANewcomerOnlyOnceAlsoAfterARestartAndAfterLeavingAndRejoining() {
    MatrixClient aliceClient = hs.client(alice);
    SyncWatcher aliceView = new SyncWatcher(aliceClient);
    RoomId room = roomWithBot(aliceClient, aliceView, "Lounge");
    TestUser bob = hs.newUser("bob");
    MatrixClient bobClient = hs.client(bob);
    SyncWatcher bobView = new SyncWatcher(bobClient);
    bobClient.profiles().setDisplayName("Bob");
    inviteAndJoin(aliceClient, room, bob, bobClient, bobView);
    aliceView.await(room, fromBot().and(e -> "Welcome Bob to Lounge!".equals(e.contentText("body"))),
        "the greeting for bob");

    steward.close();
    steward = startBot();
    bobClient.rooms().leave(room);
    inviteAndJoin(aliceClient, room, bob, bobClient, bobView);
    // Carol's greeting comes after the bot handled bob's return: the room's events are handled in order.
    TestUser carol = hs.newUser("carol");
    MatrixClient carolClient = hs.client(carol);
    carolClient.profiles().setDisplayName("Carol");
    inviteAndJoin(aliceClient, room, carol, carolClient, new SyncWatcher(carolClient));
    aliceView.await(room, fromBot().and(e -> "Welcome Carol to Lounge!".equals(e.contentText("body"))),
        "the greeting for carol, from the restarted bot");

    assertThat(aliceView.all(room, fromBot())).extracting(e -> e.contentText("body"))
        .containsExactly("Welcome Bob to Lounge!", "Welcome Carol to Lounge!");
  }

  @Test
  void greetsByDirectMessageInMarkdownAndNotInTheRoom() {
    steward.close();
    steward = startBot("""
        message: "**Welcome** {user} to _{room}_!"
        format: markdown
        direct_message: true
        """);
    MatrixClient aliceClient = hs.client(alice);
    SyncWatcher aliceView = new SyncWatcher(aliceClient);
    RoomId room = roomWithBot(aliceClient, aliceView, "Studio");
    TestUser bob = hs.newUser("bob");
    MatrixClient bobClient = hs.client(bob);
    SyncWatcher bobView = new SyncWatcher(bobClient);
    bobClient.profiles().setDisplayName("*Bob*");
    inviteAndJoin(aliceClient, room, bob, bobClient, bobView);

    RoomId dm = Await.until(Duration.ofSeconds(30), "the bot's invite to a direct chat",
        () -> bobView.poll().invited().keySet().stream().filter(r -> !r.equals(room)).findFirst());
    bobClient.rooms().join(dm);
    RoomEvent greeting = bobView.await(dm, fromBot(), "the greeting in the direct chat");

    assertThat(greeting.contentText("msgtype")).isEqualTo("m.notice");
    assertThat(greeting.contentText("body")).isEqualTo("**Welcome** *Bob* to _Studio_!");
    assertThat(greeting.contentText("formatted_body"))
        .isEqualTo("<p><strong>Welcome</strong> *Bob* to <em>Studio</em>!</p>");
    assertThat(hs.client(botUser).directMessages().partnerOf(dm)).contains(bob.userId());
    aliceView.poll();
    assertThat(aliceView.all(room, fromBot())).as("nothing in the room itself").isEmpty();
  }

  @Test
  void theRulesChallengeMutesUnmutesOnACheckMarkAndKicksOnTimeout() {
    MatrixClient aliceClient = hs.client(alice);
    SyncWatcher aliceView = new SyncWatcher(aliceClient);
    RoomId room = roomWithBot(aliceClient, aliceView, "Rules");
    aliceClient.rooms().setPowerLevel(room, botUser.userId(), 100);
    steward.close();
    steward = startBot("""
        message: "Welcome {user}!"
        challenge_rooms: ["%s"]
        challenge_message: "{user}, react to this to agree to the rules."
        challenge_timeout: 4s
        challenge_kick_reason: "No agreement to the rules"
        """.formatted(room));
    TestUser bob = hs.newUser("bob");
    MatrixClient bobClient = hs.client(bob);
    SyncWatcher bobView = new SyncWatcher(bobClient);
    bobClient.profiles().setDisplayName("Bob");
    inviteAndJoin(aliceClient, room, bob, bobClient, bobView);

    RoomEvent rules = bobView.await(room, fromBot().and(e -> e.contentText("body").startsWith("Bob, react")),
        "the rules for bob");
    assertThat(aliceClient.rooms().powerLevels(room).userLevel(bob.userId())).isEqualTo(-1);
    assertThatThrownBy(() -> bobClient.messages().text(room, "hello before agreeing"))
        .isInstanceOf(MatrixException.class).hasMessageContaining("M_FORBIDDEN");
    bobClient.messages().react(room, rules.eventId(), "\u2705");
    aliceView.await(room, fromBot().and(e -> e.contentText("body").contains("agreed to the rules")),
        "the bot's note that bob agreed");
    assertThat(aliceClient.rooms().powerLevels(room).userLevel(bob.userId())).isZero();
    bobClient.messages().text(room, "hello after agreeing");

    TestUser carol = hs.newUser("carol");
    MatrixClient carolClient = hs.client(carol);
    SyncWatcher carolView = new SyncWatcher(carolClient);
    inviteAndJoin(aliceClient, room, carol, carolClient, carolView);
    RoomEvent kick = carolView.await(room, e -> e.type().equals("m.room.member")
        && carol.userId().value().equals(e.stateKey()) && "leave".equals(e.contentText("membership")),
        "carol kicked after the timeout");

    assertThat(kick.sender()).isEqualTo(botUser.userId());
    assertThat(kick.contentText("reason")).isEqualTo("No agreement to the rules");
  }
}

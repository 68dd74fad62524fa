package dev.steward.client;

import static dev.steward.client.testing.SyncWatcher.messageWithBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.Await;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client core against a real Synapse: a bot account and a second user, alice, who observes. */
class ClientIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private TestUser botUser;
  private MatrixClient bot;
  private MatrixClient alice;
  private UserId aliceId;

  @BeforeEach
  void accounts() {
    botUser = hs.newUser("bot");
    TestUser a = hs.newUser("alice");
    bot = hs.client(botUser);
    alice = hs.client(a);
    aliceId = a.userId();
  }

  /** A room the bot created and alice joined; alice's watcher already synced past her join. */
  private RoomId sharedRoom(SyncWatcher aliceView) {
    RoomId room = bot.rooms().create(CreateRoomRequest.privateGroup("it " + UUID.randomUUID(), aliceId).build());
    alice.rooms().join(room);
    aliceView.await(room, e -> e.type().equals("m.room.member") && aliceId.value().equals(e.stateKey()),
        "alice's own join");
    return room;
  }

  @Test
  void logsInWithPasswordAndKnowsWhoItIs() {
    MatrixClient fresh = MatrixClient.builder().homeserver(hs.url()).build();

    fresh.login(botUser.localpart(), botUser.password(), null, "steward-it-login");

    assertThat(fresh.whoami().userId()).isEqualTo(botUser.userId());
    assertThat(fresh.deviceId()).isNotBlank();
    assertThat(fresh.versions().versions()).isNotEmpty();
    assertThat(fresh.capabilities().defaultRoomVersion()).isNotBlank();
    fresh.logout();
    assertThat(fresh.isLoggedIn()).isFalse();
  }

  @Test
  void wrongPasswordIsForbidden() {
    MatrixClient fresh = MatrixClient.builder().homeserver(hs.url()).build();

    assertThatThrownBy(() -> fresh.login(botUser.localpart(), "not-the-password"))
        .isInstanceOfSatisfying(MatrixException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
        });
  }

  @Test
  void initialSyncShowsTheRoomAndIncrementalSyncSeesAliceMessage() {
    SyncWatcher aliceView = new SyncWatcher(alice);
    aliceView.poll();
    RoomId room = sharedRoom(aliceView);

    SyncResponse initial = bot.sync(SyncRequest.of(null, Duration.ZERO));
    assertThat(initial.joined()).containsKey(room);
    assertThat(initial.joined().get(room).timeline().events()).extracting(RoomEvent::type)
        .contains("m.room.create");

    alice.sendText(room, "hello bot");
    String since = initial.nextBatch();
    RoomEvent seen = null;
    for (int i = 0; i < 20 && seen == null; i++) {
      SyncResponse next = bot.sync(SyncRequest.of(since, Duration.ofSeconds(5)));
      since = next.nextBatch();
      if (next.joined().containsKey(room)) {
        seen = next.joined().get(room).timeline().events().stream()
            .filter(messageWithBody("hello bot")).findFirst().orElse(null);
      }
    }
    assertThat(seen).as("alice's message in an incremental sync").isNotNull();
    assertThat(seen.sender()).isEqualTo(aliceId);
  }

  @Test
  void aliceReadsWhatTheBotSends() {
    SyncWatcher aliceView = new SyncWatcher(alice);
    aliceView.poll();
    RoomId room = sharedRoom(aliceView);

    EventId sent = bot.sendText(room, "hello alice");

    RoomEvent got = aliceView.await(room, messageWithBody("hello alice"), "the bot's message");
    assertThat(got.eventId()).isEqualTo(sent);
    assertThat(got.sender()).isEqualTo(botUser.userId());
  }

  @Test
  void sameTransactionIdTwiceMakesOneEvent() {
    SyncWatcher aliceView = new SyncWatcher(alice);
    aliceView.poll();
    RoomId room = sharedRoom(aliceView);
    Map<String, String> content = Map.of("msgtype", "m.text", "body", "exactly once");

    EventId first = bot.sendEvent(room, "m.room.message", content, "txn-fixed-1");
    EventId second = bot.sendEvent(room, "m.room.message", content, "txn-fixed-1");
    bot.sendText(room, "marker after");

    assertThat(second).isEqualTo(first);
    aliceView.await(room, messageWithBody("marker after"), "the marker message");
    assertThat(aliceView.all(room, messageWithBody("exactly once"))).hasSize(1);
  }

  @Test
  void syncLoopDeliversAndStoresTheTokenThenStopsWhenTheTokenIsRevoked(@TempDir Path dir) throws Exception {
    SyncWatcher aliceView = new SyncWatcher(alice);
    aliceView.poll();
    RoomId room = sharedRoom(aliceView);
    MatrixClient loopClient = MatrixClient.builder().homeserver(hs.url()).build();
    String token = loopClient.login(botUser.localpart(), botUser.password()).accessToken();
    FileSyncTokenStore tokens = new FileSyncTokenStore(dir.resolve("token"));
    BlockingQueue<RoomEvent> messages = new LinkedBlockingQueue<>();
    SyncLoop loop = SyncLoop.builder(loopClient, batch -> {
      var joined = batch.joined().get(room);
      if (joined != null) {
        joined.timeline().events().stream().filter(e -> e.type().equals("m.room.message")).forEach(messages::add);
      }
    }).tokenStore(tokens).timeout(Duration.ofSeconds(5)).backoff(Duration.ofMillis(100), Duration.ofSeconds(1))
        .build();
    loop.start();

    alice.sendText(room, "ping over the loop");
    RoomEvent got = null;
    while (got == null || !"ping over the loop".equals(got.contentText("body"))) {
      got = messages.poll(30, TimeUnit.SECONDS);
      assertThat(got).as("message through the sync loop").isNotNull();
    }
    // The token is saved once the handler has returned, a moment after it queued the message.
    Await.until(Duration.ofSeconds(10), "the batch's token saved after its handler returned", tokens::load);

    // Revoke the loop's token from elsewhere, as an admin or a password change would.
    MatrixClient.builder().homeserver(hs.url()).accessToken(token).build().logout();
    assertThat(loop.awaitTermination(Duration.ofSeconds(40))).as("loop stops once its token is gone").isTrue();
    assertThat(loop.failure()).get().isInstanceOfSatisfying(MatrixException.class,
        e -> assertThat(e.isUnknownToken()).isTrue());
  }
}

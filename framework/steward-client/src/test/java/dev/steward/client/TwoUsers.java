package dev.steward.client;

import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/** Base for the rooms-API integration tests: a fresh bot and a fresh alice on the real Synapse; alice observes. */
abstract class TwoUsers {
  final TestHomeserver hs = TestHomeserver.get();
  MatrixClient bot;
  MatrixClient alice;
  UserId botId;
  UserId aliceId;
  SyncWatcher aliceView;

  @BeforeEach
  void twoUsers() {
    TestUser b = hs.newUser("bot");
    TestUser a = hs.newUser("alice");
    bot = hs.client(b);
    alice = hs.client(a);
    botId = b.userId();
    aliceId = a.userId();
    aliceView = new SyncWatcher(alice);
    aliceView.poll();
  }

  /** A private room the bot created and alice joined; alice's watcher has synced past her join. */
  RoomId sharedRoom() {
    RoomId room = bot.rooms().create(CreateRoomRequest.privateGroup("it " + UUID.randomUUID(), aliceId).build());
    alice.rooms().join(room);
    aliceView.await(room, e -> e.type().equals("m.room.member") && aliceId.value().equals(e.stateKey()),
        "alice's own join");
    return room;
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}

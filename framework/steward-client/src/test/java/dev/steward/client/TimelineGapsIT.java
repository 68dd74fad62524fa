package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A bot away while alice sends more than one sync carries (Synapse: 10) still gets every message, in order. */
class TimelineGapsIT {
  private final TestHomeserver hs = TestHomeserver.get();

  @Test
  void aSyncAfterManyMessagesDeliversAllOfThemInOrder() throws Exception {
    TestUser botUser = hs.newUser("bot");
    TestUser aliceUser = hs.newUser("alice");
    MatrixClient bot = hs.client(botUser);
    MatrixClient alice = hs.client(aliceUser);
    RoomId room = alice.rooms().create(CreateRoomRequest.privateGroup("gaps " + UUID.randomUUID(),
        botUser.userId()).build());
    bot.rooms().join(room);
    List<String> bodies = new ArrayList<>();
    SyncLoop loop = SyncLoop.builder(bot, batch -> {
      JoinedRoom joined = batch.joined().get(room);
      if (joined != null) {
        joined.timeline().events().stream().filter(e -> e.type().equals("m.room.message"))
            .map(e -> e.contentText("body")).forEach(bodies::add);
      }
    }).build();
    loop.pollOnce(); // the initial sync: from here on the loop has a token

    List<String> sent = IntStream.rangeClosed(1, 35).mapToObj(i -> "gap " + i).toList();
    sent.forEach(body -> alice.sendText(room, body));
    SyncResponse batch = loop.pollOnce();

    assertThat(batch.joined().get(room).timeline().limited()).as("the read-back left nothing out").isFalse();
    assertThat(bodies).containsExactlyElementsOf(sent);
    List<RoomEvent> timeline = batch.joined().get(room).timeline().events();
    assertThat(timeline.stream().map(RoomEvent::eventId).distinct().count()).isEqualTo(timeline.size());
  }
}

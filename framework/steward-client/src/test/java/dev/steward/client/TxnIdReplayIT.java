package dev.steward.client;

import static dev.steward.client.testing.SyncWatcher.messageWithBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.SyncWatcher;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bot process that dies after sending and sends again after a restart, with the same access token and the same
 * transaction ids: alice sees each reply, reaction and redaction once. A fresh client stands in for the new process.
 */
class TxnIdReplayIT {
  private final TestHomeserver hs = TestHomeserver.get();
  private TestUser botUser;
  private MatrixClient alice;
  private UserId aliceId;
  private SyncWatcher aliceView;

  @BeforeEach
  void accounts() {
    botUser = hs.newUser("bot");
    TestUser a = hs.newUser("alice");
    alice = hs.client(a);
    aliceId = a.userId();
    aliceView = new SyncWatcher(alice);
    aliceView.poll();
  }

  private RoomId sharedRoom(MatrixClient bot) {
    RoomId room = bot.rooms().create(CreateRoomRequest.privateGroup("it " + UUID.randomUUID(), aliceId).build());
    alice.rooms().join(room);
    aliceView.await(room, e -> e.type().equals("m.room.member") && aliceId.value().equals(e.stateKey()),
        "alice's join");
    return room;
  }

  private static boolean relatesTo(RoomEvent e, String relation, EventId target) {
    var rel = e.content().path("m.relates_to");
    String id = relation.equals("m.in_reply_to") ? rel.path("m.in_reply_to").path("event_id").asText()
        : relation.equals(rel.path("rel_type").asText()) ? rel.path("event_id").asText() : "";
    return target.value().equals(id);
  }

  @Test
  void aReplySentAgainByAFreshClientWithTheSameTxnIdShowsUpOnce() {
    MatrixClient firstRun = hs.client(botUser);
    RoomId room = sharedRoom(firstRun);
    EventId command = alice.sendText(room, "!work 1");
    String txn = "st" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);

    EventId first = firstRun.messages().reply(room, command, Messages.content("m.notice", "done 1", null), txn);
    MatrixClient secondRun = hs.client(botUser);
    EventId second = secondRun.messages().reply(room, command, Messages.content("m.notice", "done 1", null), txn);
    secondRun.sendText(room, "marker after");

    assertThat(second).isEqualTo(first);
    aliceView.await(room, messageWithBody("marker after"), "the marker");
    assertThat(aliceView.all(room, e -> relatesTo(e, "m.in_reply_to", command))).hasSize(1)
        .first().satisfies(e -> assertThat(e.eventId()).isEqualTo(first));
  }

  @Test
  void aReactionAndARedactionSentAgainWithTheSameTxnIdsHappenOnce() {
    MatrixClient firstRun = hs.client(botUser);
    RoomId room = sharedRoom(firstRun);
    EventId command = alice.sendText(room, "!work 2");
    EventId victim = firstRun.sendText(room, "to be removed");
    String react = "st" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    String redact = "st" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);

    EventId reaction = firstRun.messages().react(room, command, "✅", react);
    EventId redaction = firstRun.messages().redact(room, victim, "cleanup", redact);
    MatrixClient secondRun = hs.client(botUser);
    assertThat(secondRun.messages().react(room, command, "✅", react)).isEqualTo(reaction);
    assertThat(secondRun.messages().redact(room, victim, "cleanup", redact)).isEqualTo(redaction);
    secondRun.sendText(room, "marker after");

    aliceView.await(room, messageWithBody("marker after"), "the marker");
    assertThat(aliceView.all(room, e -> e.type().equals("m.reaction") && relatesTo(e, "m.annotation", command)))
        .hasSize(1);
    assertThat(aliceView.all(room, e -> e.type().equals("m.room.redaction"))).hasSize(1);
  }
}

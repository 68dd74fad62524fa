package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.crypto.InMemoryCryptoStore;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.Await;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Encryption on real Synapse between two Java clients: A creates an encrypted room and B joins; each one's message
 * reaches the other encrypted (the room key over Olm to-device, the event over Megolm) and decrypts; B leaving makes
 * A's next message use a new session.
 */
class EncryptionIT {
  private final TestHomeserver hs = TestHomeserver.get();

  /** One user's device: syncs, hands each batch to its encryption, and decrypts what arrives (late keys retried). */
  private static final class Device {
    final MatrixClient client;
    final Encryption e2ee;
    final List<RoomEvent> decrypted = new ArrayList<>();
    final List<RoomEvent> waiting = new ArrayList<>();
    final List<RoomEvent> seen = new ArrayList<>();
    String since;

    Device(MatrixClient client) {
      this.client = client;
      this.e2ee = client.enableEncryption(new InMemoryCryptoStore());
    }

    void poll() {
      SyncResponse batch = client.sync(SyncRequest.of(since, since == null ? Duration.ZERO : Duration.ofMillis(500)));
      since = batch.nextBatch();
      e2ee.receive(batch);
      batch.joined().forEach((room, joined) -> handle(room, joined));
      List<RoomEvent> retry = new ArrayList<>(waiting);
      waiting.clear();
      retry.forEach(ev -> decrypt(RoomId.of(ev.raw().path("room_id").asText()), ev));
    }

    private void handle(RoomId room, JoinedRoom joined) {
      joined.state().forEach(ev -> e2ee.noteState(room, ev));
      for (RoomEvent ev : joined.timeline().events()) {
        seen.add(ev);
        if (ev.isState()) {
          e2ee.noteState(room, ev);
        } else if (ev.type().equals("m.room.encrypted")) {
          decrypt(room, ev);
        }
      }
    }

    private void decrypt(RoomId room, RoomEvent ev) {
      Encryption.Decrypted d = e2ee.decrypt(room, ev);
      if (d instanceof Encryption.Decrypted.Ok ok) {
        decrypted.add(ok.event());
      } else if (d instanceof Encryption.Decrypted.MissingKey) {
        waiting.add(withRoom(room, ev));
      } else {
        throw new AssertionError("did not decrypt " + ev.eventId(), ((Encryption.Decrypted.Failed) d).error());
      }
    }

    private static RoomEvent withRoom(RoomId room, RoomEvent ev) {
      var tree = ev.raw().deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("room_id", room.value());
      return dev.steward.client.internal.SyncParser.roomEvent(tree, true);
    }

    RoomEvent awaitMessage(String body) {
      return Await.until(Duration.ofSeconds(20), "decrypted message '" + body + "'", () -> {
        Optional<RoomEvent> hit = decrypted.stream().filter(e -> body.equals(e.contentText("body"))).findFirst();
        if (hit.isEmpty()) {
          poll();
        }
        return hit;
      });
    }
  }

  @Test
  void messagesCrossAnEncryptedRoomBothWaysAndALeaveRotatesTheSession() {
    TestUser aUser = hs.newUser("e2eea");
    TestUser bUser = hs.newUser("e2eeb");
    try (MatrixClient aClient = hs.client(aUser); MatrixClient bClient = hs.client(bUser)) {
      Device a = new Device(aClient);
      Device b = new Device(bClient);
      RoomId room = aClient.rooms().create(CreateRoomRequest.privateGroup("e2ee it", bUser.userId()).encrypted()
          .build());
      bClient.rooms().join(room);
      a.poll();
      b.poll();

      EventId sent = aClient.sendText(room, "hello from A");
      RoomEvent atB = b.awaitMessage("hello from A");
      assertThat(atB.eventId()).isEqualTo(sent);
      assertThat(atB.sender()).isEqualTo(aUser.userId());
      assertThat(atB.encryption().senderKey()).isEqualTo(a.e2ee.curve25519Key());
      assertThat(atB.encryption().senderDevice()).isEqualTo(aUser.deviceId());
      assertThat(atB.encryption().verified()).isTrue();
      assertThat(b.seen).anySatisfy(e -> {
        assertThat(e.eventId()).isEqualTo(sent);
        assertThat(e.type()).as("on the wire").isEqualTo("m.room.encrypted");
      });

      bClient.sendText(room, "hello from B");
      RoomEvent atA = a.awaitMessage("hello from B");
      assertThat(atA.encryption().senderKey()).isEqualTo(b.e2ee.curve25519Key());
      assertThat(atA.encryption().verified()).isTrue();

      String before = a.e2ee.outboundSessionId(room);
      assertThat(before).isNotNull();
      bClient.rooms().leave(room);
      Await.until(Duration.ofSeconds(20), "A sees B leave and drops its session", () -> {
        a.poll();
        return a.e2ee.outboundSessionId(room) == null ? Optional.of(true) : Optional.empty();
      });
      aClient.sendText(room, "after B left");
      assertThat(a.e2ee.outboundSessionId(room)).isNotNull().isNotEqualTo(before);
      assertThat(a.awaitMessage("after B left").encryption().sessionId()).isNotEqualTo(before);
    }
  }
}

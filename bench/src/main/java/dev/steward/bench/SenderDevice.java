package dev.steward.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.Encryption;
import dev.steward.client.MatrixClient;
import dev.steward.client.RetryPolicy;
import dev.steward.client.RoomId;
import dev.steward.client.SyncRequest;
import dev.steward.client.UserId;
import dev.steward.client.crypto.InMemoryCryptoStore;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The one member who speaks in the encrypted variant: a device of {@link EncryptedHomeserver#SENDER} played by
 * Steward's own client with encryption on (its Olm account's keys uploaded at start). It encrypts the fixture's
 * messages with a Megolm session per room, which its client shares with the bot's device over Olm from a claimed
 * one-time key and rotates every 100 messages as Element does; and it reads the bot's encrypted replies, with the
 * room keys the bot shared with it.
 */
final class SenderDevice implements AutoCloseable {
  private final MatrixClient client;
  private final Encryption encryption;
  private final Map<String, RoomId> rooms = new HashMap<>();

  SenderDevice(String url) {
    client = MatrixClient.builder().homeserver(url).accessToken("sender").userId(UserId.of(EncryptedHomeserver.SENDER))
        .deviceId(EncryptedHomeserver.SENDER_DEVICE).retryPolicy(RetryPolicy.NONE).build();
    encryption = client.enableEncryption(new InMemoryCryptoStore());
  }

  /** The {@code m.room.encrypted} content for a message of {@code type} in {@code room}. */
  ObjectNode encrypt(String room, String type, JsonNode content) {
    return encryption.encrypt(rooms.computeIfAbsent(room, RoomId::of), type, content);
  }

  /**
   * Syncs once: takes the room keys the bot sent, then decrypts the bot's replies the server hands over, by event id
   * (the plain event, or null for one that did not decrypt).
   */
  Map<String, RoomEvent> readReplies() {
    SyncResponse batch = client.sync(SyncRequest.of(null, Duration.ZERO));
    encryption.receive(batch);
    Map<String, RoomEvent> out = new HashMap<>();
    for (Map.Entry<RoomId, JoinedRoom> room : batch.joined().entrySet()) {
      for (RoomEvent e : room.getValue().timeline().events()) {
        Encryption.Decrypted d = encryption.decrypt(room.getKey(), e);
        out.put(e.eventId().value(), d instanceof Encryption.Decrypted.Ok ok ? ok.event() : null);
      }
    }
    return out;
  }

  @Override
  public void close() {
    client.close();
  }
}

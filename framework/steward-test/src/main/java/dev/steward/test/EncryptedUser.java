package dev.steward.test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.Encryption;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.RetryPolicy;
import dev.steward.client.RoomId;
import dev.steward.client.SyncRequest;
import dev.steward.client.UserId;
import dev.steward.client.crypto.InMemoryCryptoStore;
import dev.steward.client.model.RoomEvent;
import java.time.Duration;
import java.util.Objects;

/**
 * A room member with an end-to-end encrypted device on the {@link FakeHomeserver}, made by
 * {@link FakeHomeserver#encryptedUser}: it speaks encrypted in encrypted rooms (sharing its room keys with the bot's
 * device, unless the server {@linkplain FakeHomeserver#holdKeys holds them}) and reads what the bot sent encrypted.
 * It is Steward's own client with encryption on, so a test sees exactly what a second Steward device would.
 */
public final class EncryptedUser {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final FakeHomeserver hs;
  private final UserId user;
  private final String deviceId;
  private final MatrixClient client;
  private final Encryption encryption;

  EncryptedUser(FakeHomeserver hs, UserId user, String token, String deviceId) {
    this.hs = hs;
    this.user = user;
    this.deviceId = deviceId;
    this.client = MatrixClient.builder().homeserver(hs.url()).accessToken(token).userId(user).deviceId(deviceId)
        .retryPolicy(RetryPolicy.NONE).build();
    this.encryption = client.enableEncryption(new InMemoryCryptoStore()); // uploads its keys
  }

  /** The user. */
  public UserId user() {
    return user;
  }

  /** Its device's id. */
  public String deviceId() {
    return deviceId;
  }

  /** Says {@code body} ({@code m.text}) in {@code room}, encrypted when the room is. */
  public EventId say(RoomId room, String body) {
    ObjectNode content = JSON.objectNode().put("msgtype", "m.text").put("body", Objects.requireNonNull(body, "body"));
    return client.sendEvent(Objects.requireNonNull(room, "room"), "m.room.message", content, client.newTxnId());
  }

  /**
   * {@code sent} as this user reads it: decrypted when the bot sent it encrypted (with the room keys the bot shared
   * with this device), as it is otherwise.
   *
   * @throws AssertionError when it does not decrypt: the bot did not share its room key with this device
   */
  public Sent.Message read(Sent.Message sent) {
    if (!sent.type().equals("m.room.encrypted")) {
      return sent;
    }
    encryption.receive(client.sync(SyncRequest.of(null, Duration.ZERO)));
    ObjectNode raw = JSON.objectNode().put("type", sent.type()).put("event_id", sent.eventId().value())
        .put("sender", hs.bot().value()).put("origin_server_ts", System.currentTimeMillis());
    raw.set("content", sent.content());
    RoomEvent event = new RoomEvent(sent.type(), sent.eventId(), hs.bot(), raw.path("origin_server_ts").asLong(),
        null, sent.content(), JSON.objectNode(), raw);
    Encryption.Decrypted d = encryption.decrypt(sent.room(), event);
    if (d instanceof Encryption.Decrypted.Ok ok) {
      return new Sent.Message(sent.room(), sent.eventId(), ok.event().type(), ok.event().content());
    }
    throw new AssertionError(user + " cannot decrypt " + sent.eventId() + " from the bot: " + d);
  }
}

package dev.steward.bot.internal.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.Encryption;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.InboundGroupSession;
import dev.steward.client.crypto.MegolmEncrypted;
import dev.steward.client.crypto.OutboundGroupSession;
import dev.steward.client.model.EncryptionInfo;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.SyncBatchBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link RoomDecryptor} on real Megolm sessions (the client's own), without Olm or a homeserver: a test's sender
 * encrypts with {@link Sender}, hands its room key to {@link #keyInNextBatch}, and the next batch's
 * {@link #receive} "brings" it, as an Olm-encrypted {@code m.room_key} would. Decryption failures are real
 * {@link CryptoException}s (a tampered MAC, a replayed index). The sessions it has are what a crypto store would keep
 * across a restart, so one instance may serve several dispatchers in turn.
 */
final class MegolmRoomDecryptor implements RoomDecryptor {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The keys received, by room and session id: what a crypto store would keep. */
  private final Map<String, Pending> sessions = new ConcurrentHashMap<>();
  private final List<Pending> nextBatch = new CopyOnWriteArrayList<>();
  /** Keys stored by a receive() on the sync thread just as a lane finds them missing, and never reported. */
  private final List<Pending> racing = new CopyOnWriteArrayList<>();
  final List<String> stateNoted = new CopyOnWriteArrayList<>();
  final AtomicInteger receiveFailures = new AtomicInteger();
  final AtomicInteger decryptFailures = new AtomicInteger();

  private record Pending(RoomId room, String senderKey, InboundGroupSession session) {}

  /** Someone sending into an encrypted room from one device, with one Megolm session. */
  static final class Sender {
    final UserId user;
    final String senderKey;
    final String deviceId;
    private final OutboundGroupSession session = OutboundGroupSession.create();
    private final String firstKey = session.sessionKey();

    Sender(UserId user, String senderKey, String deviceId) {
      this.user = user;
      this.senderKey = senderKey;
      this.deviceId = deviceId;
    }

    String sessionId() {
      return session.sessionId();
    }

    /** An {@code m.room.encrypted} event holding an {@code m.room.message} with {@code body}. */
    ObjectNode text(RoomId room, String body) {
      ObjectNode plain = JSON.createObjectNode().put("type", "m.room.message").put("room_id", room.value());
      plain.putObject("content").put("msgtype", "m.text").put("body", body);
      String ciphertext = session.encrypt(plain.toString());
      ObjectNode event = JSON.createObjectNode().put("type", Decryption.ENCRYPTED).put("sender", user.value())
          .put("event_id", SyncBatchBuilder.newEventId());
      event.set("content", new MegolmEncrypted(session.sessionId(), ciphertext, senderKey, deviceId).toContent());
      return event;
    }
  }

  /**
   * {@code sender}'s room key for {@code room} is stored by the sync thread just after a lane found it missing, and
   * that receive() looked for waiting events before the lane parked its event: it reports nothing the lane can use.
   */
  void keyStoredJustAfterTheNextMiss(Sender sender, RoomId room) {
    racing.add(new Pending(room, sender.senderKey, InboundGroupSession.fromSessionKey(sender.firstKey)));
  }

  /** The next batch brings {@code sender}'s room key for {@code room} (from the session's first index). */
  void keyInNextBatch(Sender sender, RoomId room) {
    nextBatch.add(new Pending(room, sender.senderKey, InboundGroupSession.fromSessionKey(sender.firstKey)));
  }

  /** The next {@link #receive} throws, as a store that is down would. */
  void failNextReceive() {
    receiveFailures.incrementAndGet();
  }

  /** The next {@link #decrypt} throws {@link dev.steward.client.crypto.CryptoStore.Unavailable}, as a store down. */
  void failNextDecrypt() {
    decryptFailures.incrementAndGet();
  }

  @Override
  public List<Encryption.RoomKey> receive(SyncResponse batch) {
    if (receiveFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("the crypto store is down");
    }
    List<Encryption.RoomKey> keys = new ArrayList<>();
    for (Pending p : nextBatch) {
      sessions.put(p.room.value() + "|" + p.session.sessionId(), p);
      keys.add(new Encryption.RoomKey(p.room, p.senderKey, p.session.sessionId()));
    }
    nextBatch.clear();
    return keys;
  }

  @Override
  public void noteState(RoomId room, RoomEvent event) {
    stateNoted.add(event.type());
  }

  @Override
  public Encryption.Decrypted decrypt(RoomId room, RoomEvent event) {
    if (decryptFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new dev.steward.client.crypto.CryptoStore.Unavailable("the crypto store is down", null);
    }
    try {
      MegolmEncrypted content = MegolmEncrypted.fromContent(event.content());
      Pending key = sessions.get(room.value() + "|" + content.sessionId());
      if (key == null) {
        for (Pending p : racing) {
          sessions.put(p.room.value() + "|" + p.session.sessionId(), p);
        }
        racing.clear();
        return new Encryption.Decrypted.MissingKey(content.senderKey(), content.sessionId());
      }
      InboundGroupSession.Decrypted d = key.session.decrypt(content.ciphertext(), event.eventId().value());
      JsonNode plain = JSON.readTree(d.plaintext());
      return new Encryption.Decrypted.Ok(event.decrypted(plain.path("type").asText(), plain.path("content"),
          // The sender key of the session, as the client's: the event may leave it out.
          new EncryptionInfo(MegolmEncrypted.ALGORITHM, key.senderKey, content.deviceId(), content.sessionId(),
              d.messageIndex(), true)));
    } catch (CryptoException e) {
      return new Encryption.Decrypted.Failed(e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}

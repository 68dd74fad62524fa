package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.crypto.InboundGroupSession;
import dev.steward.client.crypto.MegolmEncrypted;
import dev.steward.client.crypto.OlmEncrypted;
import dev.steward.client.model.BasicEvent;
import java.util.List;

/**
 * To-device {@code m.room.encrypted} messages turned into stored room keys: decrypted over Olm, the sender's Ed25519
 * key checked against the device that owns the sender key, then {@code m.room_key} (verified when that device is
 * known) or {@code m.forwarded_room_key} (only from the user's own devices, never verified) kept as inbound sessions.
 * Anything refused is thrown as a {@link CryptoException} for {@link Encryption#receive} to log once per cause.
 */
final class RoomKeyReceiver {
  private final UserId userId;
  private final OlmChannel olm;
  private final DeviceTracker devices;
  private final InboundRoomKeys inbound;
  private final RefusalLog refusals;

  RoomKeyReceiver(UserId userId, OlmChannel olm, DeviceTracker devices, InboundRoomKeys inbound,
                  RefusalLog refusals) {
    this.userId = userId;
    this.olm = olm;
    this.devices = devices;
    this.inbound = inbound;
    this.refusals = refusals;
  }

  /**
   * The room key an Olm to-device message carried, stored in one write with the Olm session the message advanced;
   * null when it carried none, or a worse one than the session kept. A key that comes again, as good as the one kept
   * (its batch delivered again, or the sender sharing it twice), is returned too: events waiting for it try again.
   */
  Encryption.RoomKey receive(BasicEvent ev) {
    UserId sender = UserId.of(ev.raw().path("sender").asText());
    // The device owning the sender key, looked up (maybe asking the homeserver) before any lock is taken.
    OlmEncrypted encrypted = OlmEncrypted.fromContent(ev.content());
    encrypted.forRecipient(olm.account.curve25519Key());
    DeviceKeys owner = owner(sender, encrypted.senderKey());
    synchronized (inbound.offers) {
      return olm.decrypt(sender, ev.content(), r -> roomKey(sender, owner, r));
    }
  }

  /** The offer of the room key in a decrypted payload, and what to report once it is stored. */
  private OlmChannel.Use<Encryption.RoomKey> roomKey(UserId sender, DeviceKeys owner, OlmChannel.Received r) {
    if (owner != null && !owner.ed25519Key().equals(r.payload().senderEd25519())) {
      throw new CryptoException(CryptoException.Reason.MISADDRESSED, "the payload claims Ed25519 key "
          + r.payload().senderEd25519() + " but the device owning sender key " + r.senderKey() + " ("
          + owner.userId() + " " + owner.deviceId() + ") has " + owner.ed25519Key());
    }
    JsonNode content = r.payload().content();
    RoomId room;
    InboundRoomKeys.Entry entry;
    switch (r.payload().type()) {
      case "m.room_key" -> {
        requireMegolm(content);
        room = roomOf(content);
        InboundGroupSession session = InboundGroupSession.fromSessionKey(text(content, "session_key"));
        requireSessionId(content, session);
        entry = new InboundRoomKeys.Entry(session, r.senderKey(), sender.value(), r.payload().senderEd25519(),
            owner != null);
      }
      case "m.forwarded_room_key" -> {
        if (!sender.equals(userId) || owner == null) {
          throw new CryptoException(CryptoException.Reason.MISADDRESSED,
              "a forwarded room key is taken only from this user's own known devices, not from " + sender
              + (owner == null ? "'s unknown device with key " + r.senderKey() : ""));
        }
        requireMegolm(content);
        room = roomOf(content);
        InboundGroupSession session = InboundGroupSession.fromExport(text(content, "session_key"));
        requireSessionId(content, session);
        entry = new InboundRoomKeys.Entry(session, text(content, "sender_key"), null,
            content.path("sender_claimed_ed25519_key").asText(null), false);
      }
      default -> {
        return new OlmChannel.Use<>(List.of(), () -> null); // key requests, verification: not handled here
      }
    }
    InboundRoomKeys.Offer offer = inbound.prepare(room, entry);
    Encryption.RoomKey key = new Encryption.RoomKey(room, entry.senderKey(), entry.session().sessionId());
    return new OlmChannel.Use<>(offer.write() == null ? List.of() : List.of(offer.write()), () -> {
      inbound.stored(offer);
      return offer.asGood() ? key : null;
    });
  }

  /** The known device of {@code user} with this Curve25519 key, asking the homeserver first if the user is stale. */
  private DeviceKeys owner(UserId user, String curve25519Key) {
    if (!devices.isCurrent(user)) {
      try {
        devices.refresh(List.of(user));
      } catch (MatrixException e) {
        refusals.refuse("device keys query for " + user, String.valueOf(e.errcode()), e.getMessage());
      }
    }
    return devices.byCurveKey(user, curve25519Key).orElse(null);
  }

  private static void requireMegolm(JsonNode content) {
    if (!MegolmEncrypted.ALGORITHM.equals(content.path("algorithm").asText())) {
      throw new CryptoException(CryptoException.Reason.MALFORMED,
          "room key for algorithm " + content.path("algorithm") + ", not " + MegolmEncrypted.ALGORITHM);
    }
  }

  private static RoomId roomOf(JsonNode content) {
    try {
      return RoomId.of(text(content, "room_id"));
    } catch (IllegalArgumentException e) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, "room_id is no room id: " + e.getMessage());
    }
  }

  private static void requireSessionId(JsonNode content, InboundGroupSession session) {
    if (!session.sessionId().equals(text(content, "session_id"))) {
      throw new CryptoException(CryptoException.Reason.MISADDRESSED,
          "session_id " + content.path("session_id") + " is not the id of the session key it came with");
    }
  }

  private static String text(JsonNode content, String field) {
    JsonNode n = content.path(field);
    if (!n.isTextual() || n.asText().isEmpty()) {
      throw new CryptoException(CryptoException.Reason.MALFORMED, field + " is missing or not a string");
    }
    return n.asText();
  }
}

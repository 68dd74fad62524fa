package dev.steward.client.model;

import java.util.Objects;

/**
 * How a room event reached the bot encrypted: what {@link RoomEvent#encryption()} tells of an event that was
 * decrypted.
 *
 * @param algorithm {@code m.megolm.v1.aes-sha2}
 * @param senderKey the Curve25519 key of the sending device
 * @param senderDevice the sending device's id, when the event named it and its keys are known
 * @param sessionId the Megolm session that decrypted it
 * @param messageIndex the message's index in that session
 * @param verified whether the session came from a device whose keys this device checked (received over Olm from the
 *     device that owns the sender key, and that device's signed keys known); false for forwarded keys
 */
public record EncryptionInfo(String algorithm, String senderKey, String senderDevice, String sessionId,
                             long messageIndex, boolean verified) {
  public EncryptionInfo {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(senderKey, "senderKey");
    Objects.requireNonNull(sessionId, "sessionId");
  }
}

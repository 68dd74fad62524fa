package dev.steward.bot.internal.dispatch;

import dev.steward.client.Encryption;
import dev.steward.client.RoomId;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import java.util.List;
import java.util.Objects;

/**
 * The part of {@link Encryption} the dispatcher uses, so that its handling of late keys and failures can be tested
 * with scripted outcomes.
 */
interface RoomDecryptor {
  /** See {@link Encryption#receive}. */
  List<Encryption.RoomKey> receive(SyncResponse batch);

  /** See {@link Encryption#noteState}. */
  void noteState(RoomId room, RoomEvent event);

  /** See {@link Encryption#decrypt}. */
  Encryption.Decrypted decrypt(RoomId room, RoomEvent event);

  static RoomDecryptor of(Encryption encryption) {
    Objects.requireNonNull(encryption, "encryption");
    return new RoomDecryptor() {
      @Override
      public List<Encryption.RoomKey> receive(SyncResponse batch) {
        return encryption.receive(batch);
      }

      @Override
      public void noteState(RoomId room, RoomEvent event) {
        encryption.noteState(room, event);
      }

      @Override
      public Encryption.Decrypted decrypt(RoomId room, RoomEvent event) {
        return encryption.decrypt(room, event);
      }
    };
  }
}

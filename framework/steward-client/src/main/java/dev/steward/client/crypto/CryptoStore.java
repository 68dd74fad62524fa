package dev.steward.client.crypto;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the encryption state of one device lives: its Olm account, Olm and Megolm sessions, the devices it tracks,
 * cross-signing keys and events waiting for their keys. Records are strings under a kind and a key; the values hold
 * private keys, so a store that keeps them on disk must encrypt them at rest ({@code steward-bot}'s JDBC store does,
 * with a key from config). The keys (room ids, Curve25519 public keys, session ids) are not secret.
 *
 * <p>Kinds used by {@link dev.steward.client.Encryption}: {@code account}, {@code olm_session}
 * ({@code senderKey|sessionId}), {@code inbound_group} ({@code roomId|senderKey|sessionId}), {@code outbound_group}
 * ({@code roomId}), {@code device} ({@code userId|deviceId}), {@code tracked_user} ({@code userId}),
 * {@code group_index} ({@code senderKey|sessionId|index}: the event a message index decrypted first, for replay
 * protection), {@code cross_signing} ({@code master}, {@code self_signing}, {@code user_signing}), {@code pending}
 * (events waiting for a room key). Implementations must be safe for use from several threads.
 */
public interface CryptoStore {
  /**
   * Thrown by a store that cannot read or write just now (its database unreachable, say), as opposed to a record
   * that is bad: the caller keeps the work for another try (a sync batch is not finished and comes again) rather than
   * count what it was handling as bad input.
   */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** One change in a {@link #write} batch: {@code value} null deletes the record. */
  record Write(String kind, String key, String value) {
    public Write {
      java.util.Objects.requireNonNull(kind, "kind");
      java.util.Objects.requireNonNull(key, "key");
    }

    public static Write put(String kind, String key, String value) {
      return new Write(kind, key, java.util.Objects.requireNonNull(value, "value"));
    }

    public static Write delete(String kind, String key) {
      return new Write(kind, key, null);
    }
  }

  /** The record under {@code kind} and {@code key}, if any. */
  Optional<String> get(String kind, String key);

  /** Every record of {@code kind} whose key starts with {@code keyPrefix} ("" for all), key to value, by key. */
  Map<String, String> scan(String kind, String keyPrefix);

  /** Applies the writes all or none, in order (an Olm session and the account whose one-time key it used, say). */
  void write(List<Write> writes);

  /** Puts one record. */
  default void put(String kind, String key, String value) {
    write(List.of(Write.put(kind, key, value)));
  }

  /** Deletes one record (nothing if absent). */
  default void delete(String kind, String key) {
    write(List.of(Write.delete(kind, key)));
  }
}

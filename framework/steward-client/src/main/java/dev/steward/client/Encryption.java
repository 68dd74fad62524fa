package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import java.util.List;
import java.util.Objects;

/**
 * End-to-end encryption for one device of the client's user: its Olm account and sessions, the Megolm sessions of the
 * rooms it is in, and the devices of the users it shares rooms with, all kept in a {@link CryptoStore}. Obtained from
 * {@link MatrixClient#enableEncryption}; after that the client's {@code sendEvent} encrypts what it sends into
 * encrypted rooms by itself.
 *
 * <p>Per sync batch: {@link #receive} first (to-device messages, device-list changes, one-time key counts), then
 * {@link #noteState} for the rooms' state events and {@link #decrypt} for their {@code m.room.encrypted} events.
 * Thread-safe: rooms may be decrypted in parallel.
 */
public final class Encryption {
  /** What {@link #decrypt} made of an event. */
  public sealed interface Decrypted {
    /** Decrypted: {@code event} is the plain event, its {@link RoomEvent#encryption()} set. */
    record Ok(RoomEvent event) implements Decrypted {}

    /**
     * The Megolm session (or its early messages) is not known yet: the event may decrypt once {@code m.room_key} for
     * it arrives (see {@link #receive}).
     */
    record MissingKey(String senderKey, String sessionId) implements Decrypted {}

    /** Can never decrypt as it is (malformed, replayed index, wrong room, unknown algorithm…); {@code error} says why. */
    record Failed(CryptoException error) implements Decrypted {}
  }

  /** A Megolm session that {@link #receive} stored: events waiting with {@code MissingKey} for it may now decrypt. */
  public record RoomKey(RoomId room, String senderKey, String sessionId) {}

  private final MatrixClient client;
  private final CryptoStore store;

  Encryption(MatrixClient client, CryptoStore store) {
    this.client = Objects.requireNonNull(client, "client");
    this.store = Objects.requireNonNull(store, "store");
    throw new UnsupportedOperationException("end-to-end encryption is not wired yet");
  }

  /** This device's Curve25519 identity key. */
  public String curve25519Key() {
    throw new UnsupportedOperationException("not yet");
  }

  /** This device's Ed25519 fingerprint key. */
  public String ed25519Key() {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * Handles what a sync batch says to this device: to-device messages ({@code m.room.encrypted} over Olm, carrying
   * {@code m.room_key} and {@code m.forwarded_room_key}), device-list changes and one-time key counts. Call once per
   * batch, in order, before its room events are decrypted. Bad messages are refused and logged, never thrown.
   *
   * @return the room keys that arrived
   */
  public List<RoomKey> receive(SyncResponse batch) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Notes a room's state event seen in sync ({@code m.room.encryption}, memberships). */
  public void noteState(RoomId room, RoomEvent event) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Whether {@code room} is encrypted (from state seen in sync, else asked of the homeserver once). */
  public boolean isEncrypted(RoomId room) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Decrypts an {@code m.room.encrypted} event of {@code room}. Never throws for bad input: see {@link Decrypted}. */
  public Decrypted decrypt(RoomId room, RoomEvent event) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * The {@code m.room.encrypted} content for a message event of {@code type} in {@code room}: encrypted with the
   * room's outbound Megolm session, which is created, shared with every device of the joined members and rotated as
   * needed first.
   */
  public ObjectNode encrypt(RoomId room, String type, JsonNode content) {
    throw new UnsupportedOperationException("not yet");
  }
}

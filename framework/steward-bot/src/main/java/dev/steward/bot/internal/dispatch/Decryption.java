package dev.steward.bot.internal.dispatch;

import dev.steward.bot.config.Durations;
import dev.steward.bot.internal.dispatch.ParkedEvents.Parked;
import dev.steward.client.Encryption;
import dev.steward.client.RoomId;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.model.EncryptionInfo;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypted rooms, for the {@link Dispatcher}: hands each batch to {@link Encryption#receive} before its rooms are
 * queued (a room key and the event it opens may come in one batch), notes state, and decrypts {@code m.room.encrypted}
 * events on their room's lane. An event whose room key has not come yet does not hold up its room: it is parked in
 * the crypto store (kind {@code pending}, so a restart keeps it) and handled on its room's lane once {@code receive}
 * reports the key; after {@code keyWait} without it, it is reported (a WARN naming room, sender and session, and
 * {@code steward_events_undecryptable_total{cause="missing_key"}}) and dropped. An event that can never decrypt is
 * counted under its cause and logged once per room, sender and cause.
 */
public final class Decryption {
  private static final Logger log = LoggerFactory.getLogger(Decryption.class);
  static final String ENCRYPTED = "m.room.encrypted";
  /** Causes already logged, by room, sender and cause; bounded so a long run cannot fill memory with them. */
  private static final int REPORTED_MAX = 10_000;

  /** What became of an encrypted event: decrypted ({@code event}), parked, or reported and dropped (neither). */
  record Outcome(RoomEvent event, boolean parked) {
    static final Outcome PARKED = new Outcome(null, true);
    static final Outcome DROPPED = new Outcome(null, false);
  }

  private final RoomDecryptor crypto;
  private final ParkedEvents parked;
  private final Duration keyWait;
  private final LongSupplier clock;
  /** Parked events to try on their lanes at the next batch: their key came, or the last run left them. */
  private final Set<String> due = ConcurrentHashMap.newKeySet();
  private final Set<String> reported = Collections.synchronizedSet(Collections.newSetFromMap(
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REPORTED_MAX;
        }
      }));
  private volatile DispatchMetrics metrics = DispatchMetrics.NONE;

  Decryption(RoomDecryptor crypto, CryptoStore store, Duration keyWait, LongSupplier clock) {
    this.crypto = Objects.requireNonNull(crypto, "crypto");
    this.keyWait = Objects.requireNonNull(keyWait, "keyWait");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (keyWait.isNegative() || keyWait.isZero()) {
      throw new IllegalArgumentException("keyWait must be positive, was " + keyWait);
    }
    this.parked = new ParkedEvents(Objects.requireNonNull(store, "store"));
    // Their keys may have come before the last run stopped: each is tried once more at the first batch.
    parked.all().forEach(p -> due.add(p.key()));
  }

  /**
   * Decryption through {@code encryption}, events waiting for their keys kept in {@code store} (the store the
   * encryption keeps its sessions in) for at most {@code keyWait}.
   */
  public static Decryption of(Encryption encryption, CryptoStore store, Duration keyWait) {
    return new Decryption(RoomDecryptor.of(encryption), store, keyWait, System::currentTimeMillis);
  }

  /** Reports to {@code metrics} from now on. */
  void observe(DispatchMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    metrics.waitingForKeys(parked::size);
  }

  /** On the sync thread, before the batch's rooms are queued: to-device messages; parked events whose key came are due. */
  void receive(SyncResponse batch) {
    for (Encryption.RoomKey key : crypto.receive(batch)) {
      // By room and session id: an event may leave out the sender key the room key names.
      for (Parked p : parked.waitingFor(key.room(), key.sessionId())) {
        due.add(p.key());
      }
    }
  }

  /**
   * On the sync thread: the rooms with parked events to try now (their key came, the last run left them, or they
   * have waited {@code keyWait}); each room's are taken on its lane with {@link #takeDue}.
   */
  Set<RoomId> roomsDue() {
    for (Parked p : parked.parkedBefore(clock.getAsLong() - keyWait.toMillis())) {
      due.add(p.key());
    }
    if (due.isEmpty()) {
      return Set.of();
    }
    Set<RoomId> rooms = new LinkedHashSet<>();
    for (String key : due) {
      Parked p = parked.get(key);
      if (p == null) {
        due.remove(key);
      } else {
        rooms.add(p.room());
      }
    }
    return rooms;
  }

  /** On {@code room}'s lane: its due parked events, in the order they were parked, no longer due. */
  List<Parked> takeDue(RoomId room) {
    List<Parked> taken = new ArrayList<>();
    for (Iterator<String> it = due.iterator(); it.hasNext(); ) {
      Parked p = parked.get(it.next());
      if (p == null) {
        it.remove();
      } else if (p.room().equals(room)) {
        it.remove();
        taken.add(p);
      }
    }
    taken.sort(Comparator.comparingLong(Parked::seq));
    return taken;
  }

  /** A state event of {@code room}, in the room's order. */
  void noteState(RoomId room, RoomEvent event) {
    crypto.noteState(room, event);
  }

  /** On {@code room}'s lane: an {@code m.room.encrypted} event from a batch. */
  Outcome open(RoomId room, RoomEvent event) {
    Encryption.Decrypted d = crypto.decrypt(room, event);
    if (d instanceof Encryption.Decrypted.Ok ok) {
      EncryptionInfo info = ok.event().encryption();
      if (info != null && parked.size() > 0) {
        // Parked by a run that stopped before its batch was done: this delivery handles it.
        parked.remove(room, info.sessionId(), event.eventId());
      }
      return new Outcome(ok.event(), false);
    }
    if (d instanceof Encryption.Decrypted.MissingKey missing) {
      Parked p = parked.park(room, event, missing.senderKey(), missing.sessionId(), clock.getAsLong());
      // The next batch's receive() may have stored the key between the decrypt above and the park: it looked for
      // waiting events before this one was parked. Once parked, a key stored from now on finds it; one stored
      // before opens it here.
      Encryption.Decrypted again = crypto.decrypt(room, event);
      if (again instanceof Encryption.Decrypted.Ok ok) {
        parked.remove(p);
        return new Outcome(ok.event(), false);
      }
      log.debug("event {} in {} from {} waits for the key of Megolm session {}", event.eventId(), room,
          event.sender(), p.sessionId());
      return Outcome.PARKED;
    }
    failed(room, event, ((Encryption.Decrypted.Failed) d).error());
    return Outcome.DROPPED;
  }

  /**
   * On the parked event's lane: decrypted (the caller runs its handlers, then calls {@link #finished}), still
   * waiting, or reported and dropped (its key did not come within {@code keyWait}, or it cannot decrypt).
   */
  Outcome reopen(Parked p) {
    Optional<RoomEvent> event = parked.event(p);
    if (event.isEmpty()) {
      parked.remove(p);
      return Outcome.DROPPED;
    }
    Encryption.Decrypted d = crypto.decrypt(p.room(), event.get());
    if (d instanceof Encryption.Decrypted.Ok ok) {
      return new Outcome(ok.event(), false);
    }
    if (d instanceof Encryption.Decrypted.MissingKey) {
      if (clock.getAsLong() - p.parkedAt() < keyWait.toMillis()) {
        return Outcome.PARKED;
      }
      metrics.undecryptable("missing_key");
      log.warn("event {} in {} from {} could not be decrypted: the key of its Megolm session {} (sender key {}) "
          + "did not come within {} (encryption.key_wait); it is not handled", p.eventId(), p.room(), p.sender(),
          p.sessionId(), p.senderKey() == null ? "not given" : p.senderKey(), Durations.format(keyWait));
    } else {
      failed(p.room(), event.get(), ((Encryption.Decrypted.Failed) d).error());
    }
    parked.remove(p);
    return Outcome.DROPPED;
  }

  /** The parked event was handled (or handled before): it waits no longer. */
  void finished(Parked p) {
    parked.remove(p);
  }

  /** The parked event's handlers were cut off (the homeserver stayed away): it is tried again at the next batch. */
  void retry(Parked p) {
    due.add(p.key());
  }

  /** How many events wait for their keys. */
  int waiting() {
    return parked.size();
  }

  private void failed(RoomId room, RoomEvent event, CryptoException error) {
    String cause = error.reason().name().toLowerCase(Locale.ROOT);
    metrics.undecryptable(cause);
    if (reported.add(room.value() + " " + event.sender().value() + " " + cause)) {
      log.warn("event {} in {} from {} cannot be decrypted ({}); it is not handled. Later events from {} in {} that "
          + "fail for the same reason are only counted (steward_events_undecryptable_total{cause=\"{}\"})",
          event.eventId(), room, event.sender(), error.getMessage(), event.sender(), room, cause);
      metrics.failed("decryption", error);
    } else {
      log.debug("event {} in {} from {} cannot be decrypted ({})", event.eventId(), room, event.sender(),
          error.getMessage());
    }
  }
}

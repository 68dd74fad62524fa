package dev.steward.bots.housekeeping;

import dev.steward.bot.store.KeyValueStore;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What housekeeping did, kept in the store so a restart neither repeats it nor forgets it: the warnings sent (each
 * for one silence, so a room warned once is not warned again until someone speaks and it falls silent anew), when
 * the bot found itself alone in a room, and the happenings the digest reports.
 */
final class Ledger {
  static final String NAMESPACE = "housekeeping.ledger";
  private static final Logger log = LoggerFactory.getLogger(Ledger.class);
  private static final String LOG = "log:";

  /** Something the digest reports. */
  enum Kind { ARCHIVED, UNARCHIVED, PRUNED, LEFT, JOINED }

  /**
   * One happening.
   *
   * @param key its key in the store
   * @param at when
   * @param kind what
   * @param room where
   * @param user who, for pruned and joined members; null otherwise
   */
  record Entry(String key, Instant at, Kind kind, RoomId room, UserId user) {}

  private final KeyValueStore store;
  private final boolean keepsHappenings;

  /** A ledger in {@code store}; {@code keepsHappenings} false: there is no digest, so happenings are not noted. */
  Ledger(KeyValueStore store, boolean keepsHappenings) {
    this.store = store;
    this.keepsHappenings = keepsHappenings;
  }

  /** When the warning for the silence that began at {@code last} went out for {@code subject}, if it did. */
  Optional<Instant> warned(String subject, Instant last) {
    return store.get("warn:" + subject).flatMap(v -> {
      String[] parts = v.split(" ");
      try {
        if (parts.length == 2 && Long.parseLong(parts[0]) == last.toEpochMilli()) {
          return Optional.of(Instant.ofEpochMilli(Long.parseLong(parts[1])));
        }
      } catch (NumberFormatException e) {
        log.warn("housekeeping: unreadable warning record for {}: '{}', ignored", subject, v);
      }
      // A warning for an earlier silence: someone spoke since, so it no longer counts.
      return Optional.empty();
    });
  }

  /** The warning for the silence since {@code last} went out for {@code subject} at {@code at}. */
  void warn(String subject, Instant last, Instant at) {
    store.put("warn:" + subject, last.toEpochMilli() + " " + at.toEpochMilli());
  }

  /** Forgets the warning of {@code subject}. */
  void clearWarning(String subject) {
    store.delete("warn:" + subject);
  }

  /**
   * The bot is about to archive {@code room} for the silence since {@code last}: noted before, so that a bot that
   * dies between the archive and its notice posts the notice when it runs again.
   */
  void archiving(RoomId room, Instant last) {
    store.put("archiving:" + room.value(), Long.toString(last.toEpochMilli()));
  }

  /** The archive of {@code room} is done, notice and all, or did not happen. */
  void archivingDone(RoomId room) {
    store.delete("archiving:" + room.value());
  }

  /** The archives begun and not known to be finished: room to the start of the silence they were for. */
  Map<RoomId, Instant> unfinishedArchives() {
    Map<RoomId, Instant> out = new HashMap<>();
    store.all().forEach((k, v) -> {
      if (k.startsWith("archiving:")) {
        out.put(RoomId.of(k.substring("archiving:".length())), Instant.ofEpochMilli(parseOrZero(v)));
      }
    });
    return out;
  }

  /** Since when the bot has been alone in {@code room}, noting {@code now} if it was not known to be. */
  Instant aloneSince(RoomId room, Instant now) {
    String key = "alone:" + room.value();
    Optional<String> known = store.get(key);
    if (known.isPresent()) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(known.get()));
      } catch (NumberFormatException e) {
        log.warn("housekeeping: unreadable record {}='{}', starting over", key, known.get());
      }
    }
    store.put(key, Long.toString(now.toEpochMilli()));
    return now;
  }

  /** The bot is not alone in {@code room} (any more). */
  void notAlone(RoomId room) {
    store.delete("alone:" + room.value());
  }

  /** Notes a happening for the digest, if there is one. */
  void record(Kind kind, RoomId room, UserId user, Instant at) {
    if (!keepsHappenings) {
      return;
    }
    // Time first, so the keys sort by time; a random tail keeps two at one millisecond apart.
    String key = LOG + String.format("%015d", at.toEpochMilli()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    store.put(key, kind + " " + room.value() + (user == null ? "" : " " + user.value()));
  }

  /** Counts a human message in {@code room} for the digest's most active rooms, if there is a digest. */
  void countMessage(RoomId room) {
    if (!keepsHappenings) {
      return;
    }
    String key = "messages:" + room.value();
    long n = store.get(key).map(Ledger::parseOrZero).orElse(0L);
    store.put(key, Long.toString(n + 1));
  }

  /** The messages counted per room since the counts were last cleared. */
  Map<RoomId, Long> messageCounts() {
    Map<RoomId, Long> out = new HashMap<>();
    store.all().forEach((k, v) -> {
      if (k.startsWith("messages:")) {
        out.put(RoomId.of(k.substring("messages:".length())), parseOrZero(v));
      }
    });
    return out;
  }

  /** The happenings not yet in a digest, before {@code to}, oldest first. */
  List<Entry> undigested(Instant to) {
    List<Entry> out = new ArrayList<>();
    new TreeMap<>(store.all()).forEach((k, v) -> {
      if (!k.startsWith(LOG)) {
        return;
      }
      try {
        Instant at = Instant.ofEpochMilli(Long.parseLong(k.substring(LOG.length(), k.indexOf('-', LOG.length()))));
        String[] parts = v.split(" ");
        if (at.isBefore(to)) {
          out.add(new Entry(k, at, Kind.valueOf(parts[0]), RoomId.of(parts[1]),
              parts.length > 2 ? UserId.of(parts[2]) : null));
        }
      } catch (RuntimeException e) {
        log.warn("housekeeping: unreadable digest record {}='{}', ignored", k, v);
      }
    });
    return out;
  }

  /**
   * The digest of {@code reported} and of the message counts went out for the period ending at {@code to}: drops
   * them. Whatever was noted meanwhile stays for the next digest.
   */
  void digested(List<Entry> reported, Map<RoomId, Long> counted, Instant to) {
    reported.forEach(e -> store.delete(e.key()));
    counted.forEach((room, n) -> {
      String key = "messages:" + room.value();
      long left = store.get(key).map(Ledger::parseOrZero).orElse(0L) - n;
      if (left > 0) {
        store.put(key, Long.toString(left));
      } else {
        store.delete(key);
      }
    });
    store.put("digest:last", Long.toString(to.toEpochMilli()));
  }

  /** Where the last digest's period ended, if one went out. */
  Optional<Instant> lastDigest() {
    return store.get("digest:last").map(v -> Instant.ofEpochMilli(parseOrZero(v)));
  }

  private static long parseOrZero(String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return 0L;
    }
  }
}

package dev.steward.bots.housekeeping;

import dev.steward.bot.store.KeyValueStore;
import dev.steward.client.History;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.MessagesPage;
import dev.steward.client.model.RoomEvent;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When humans last spoke, kept in the store: per room (for archiving) and per member (for pruning). Fed from sync;
 * for a room the store knows nothing of (the bot just joined an old room, or ran without this bot), read back from
 * the room's history, newest first, a bounded number of pages.
 */
final class Activity {
  static final String NAMESPACE = "housekeeping.activity";
  private static final Logger log = LoggerFactory.getLogger(Activity.class);
  private static final int PAGE = 50;

  private final KeyValueStore store;
  private final int historyPages;

  Activity(KeyValueStore store, int historyPages) {
    this.store = store;
    this.historyPages = historyPages;
  }

  /** Whether a message of {@code msgtype} (null when it has none, e.g. redacted) counts as a human speaking. */
  static boolean isHuman(String msgtype) {
    // Bots send notices (and so does this one): those are never activity.
    return !"m.notice".equals(msgtype);
  }

  /** {@code sender} posted in {@code room} at {@code at}. Only moves forward: a replayed older event changes nothing. */
  void message(RoomId room, UserId sender, Instant at) {
    advance(roomKey(room), at);
    advance(memberKey(room, sender), at);
  }

  /** {@code member} joined {@code room} at {@code at}: the start of their silence, for pruning. */
  void joined(RoomId room, UserId member, Instant at) {
    advance(memberKey(room, member), at);
  }

  /** Counts from {@code at} again, e.g. after the room was unarchived. */
  void reset(RoomId room, Instant at) {
    store.put(roomKey(room), Long.toString(at.toEpochMilli()));
  }

  /** Forgets {@code member} in {@code room} (they left or were pruned). */
  void forget(RoomId room, UserId member) {
    store.delete(memberKey(room, member));
  }

  /** When {@code member} last spoke in (or joined) {@code room}, if known. */
  Optional<Instant> member(RoomId room, UserId member) {
    return read(memberKey(room, member));
  }

  /**
   * When a human last spoke in {@code room}: from the store, else from its history (the result is stored). Without a
   * human message in the pages read, the oldest event read: the room has been quiet at least since then.
   */
  Instant lastHuman(MatrixClient client, RoomId room) {
    Optional<Instant> known = read(roomKey(room));
    if (known.isPresent()) {
      return known.get();
    }
    Instant found = fromHistory(client, room);
    advance(roomKey(room), found);
    return found;
  }

  private Instant fromHistory(MatrixClient client, RoomId room) {
    UserId self = client.userId();
    String from = null;
    Instant oldest = Instant.now();
    for (int page = 0; page < historyPages; page++) {
      MessagesPage p = client.history().page(room, History.Direction.BACKWARD, from, PAGE, null);
      for (RoomEvent e : p.events()) {
        Instant at = Instant.ofEpochMilli(e.originServerTs());
        if (at.isBefore(oldest)) {
          oldest = at;
        }
        if (e.type().equals("m.room.message") && !e.sender().equals(self)
            && isHuman(e.content().path("msgtype").asText(null))) {
          log.debug("housekeeping: {} last had a human message at {} (from its history)", room, at);
          return at;
        }
      }
      if (p.events().isEmpty() || p.end() == null || p.end().equals(from)) {
        break;
      }
      from = p.end();
    }
    log.debug("housekeeping: no human message in the history read of {}; quiet since at least {}", room, oldest);
    return oldest;
  }

  private void advance(String key, Instant at) {
    Optional<Instant> known = read(key);
    if (known.isEmpty() || known.get().isBefore(at)) {
      store.put(key, Long.toString(at.toEpochMilli()));
    }
  }

  private Optional<Instant> read(String key) {
    return store.get(key).flatMap(v -> {
      try {
        return Optional.of(Instant.ofEpochMilli(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        log.warn("housekeeping: unreadable activity record {}='{}', ignored", key, v);
        return Optional.empty();
      }
    });
  }

  private static String roomKey(RoomId room) {
    return "room:" + room.value();
  }

  private static String memberKey(RoomId room, UserId member) {
    return "member:" + room.value() + " " + member.value();
  }
}

package dev.steward.bots.moderation.protection;

import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.Member;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Display names of a room's members for the mention-spam protection, fetched from the homeserver and cached: fetched
 * again when a join made them stale, but at most once per {@link #MIN_AGE}, so a raid does not turn every message
 * into a members request. The same map instance comes back until it is fetched again, so the detector's name index
 * is rebuilt only then.
 */
final class MemberNames {
  static final Duration MIN_AGE = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(MemberNames.class);

  private record Cached(Map<UserId, String> names, Instant fetched, boolean stale) {}

  private final MatrixClient client;
  private final Clock clock;
  private final Map<RoomId, Cached> cache = new ConcurrentHashMap<>();

  MemberNames(MatrixClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** The members of {@code room} and their display names; an empty map when they cannot be read. */
  Map<UserId, String> of(RoomId room) {
    Instant now = clock.instant();
    Cached known = cache.get(room);
    if (known != null && (!known.stale() || now.isBefore(known.fetched().plus(MIN_AGE)))) {
      return known.names();
    }
    Map<UserId, String> names = new HashMap<>();
    try {
      for (Member m : client.rooms().joinedMembers(room).values()) {
        if (m.displayName() != null) {
          names.put(m.userId(), m.displayName());
        }
      }
    } catch (MatrixException e) {
      // Ids and pills still count; only names are missing until the next try.
      log.warn("protections: cannot read the members of {} for mention counting: {}", room, e.getMessage());
      return known == null ? Map.of() : known.names();
    }
    Map<UserId, String> fixed = Map.copyOf(names);
    cache.put(room, new Cached(fixed, now, false));
    return fixed;
  }

  /** Someone joined {@code room}: its names are fetched again on next use (within {@link #MIN_AGE}). */
  void joined(RoomId room) {
    cache.computeIfPresent(room, (r, c) -> new Cached(c.names(), c.fetched(), true));
  }
}

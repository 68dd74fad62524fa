package dev.steward.bots.moderation.protection;

import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.client.RoomId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Join waves (raids): more than {@code max_joins} joins in one room within {@code window}. One wave gives one
 * verdict: the room then counts as locked for {@code cool_off}, and joins meanwhile (invited users, or a lock that
 * did not take) are not judged again. Joins older than the window by the clock (a backlog after downtime) are not
 * counted: a wave that is over needs no lock now.
 */
final class JoinWaveDetector implements Detector {
  static final String KEY = "join_waves";
  /** At most this many rooms' windows are kept; a bot protects far fewer. */
  private static final int MAX_ROOMS = 10_000;

  private final ProtectionSettings.JoinWaves settings;
  private final Clock clock;
  private final RecentEvents<RoomId> recent;
  private final Map<RoomId, Instant> lockedUntil = new ConcurrentHashMap<>();

  JoinWaveDetector(ProtectionSettings.JoinWaves settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.recent = new RecentEvents<>(settings.window(), settings.window(), MAX_ROOMS, clock);
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public Optional<Verdict> check(TimelineEvent event) {
    if (!(event instanceof MembershipEvent join) || join.change() != MembershipEvent.Change.JOIN) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (join.timestamp().isBefore(now.minus(settings.window()))) {
      return Optional.empty();
    }
    Instant locked = lockedUntil.get(join.room());
    if (locked != null) {
      if (now.isBefore(locked)) {
        return Optional.empty();
      }
      lockedUntil.remove(join.room(), locked);
    }
    List<RecentEvents.Stamp> joins = recent.add(join.room(), join.timestamp(), join.eventId());
    if (joins.size() <= settings.maxJoins()) {
      return Optional.empty();
    }
    recent.clear(join.room());
    lockedUntil.put(join.room(), now.plus(settings.coolOff()));
    String trigger = Texts.burst(joins.size(), "joins", joins.get(0).at(), join.timestamp(), settings.maxJoins(),
        settings.window());
    return Optional.of(new Verdict.JoinWave(join.room(), settings.joinRule(), settings.coolOff(), join.eventId(),
        trigger));
  }
}

package dev.steward.bots.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.PowerLevels;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may command the bot and who is beyond its reach. A moderator is a user in {@code moderators} (or a bot
 * owner), or one with power level {@code moderator_level} or more in the management room; in a protected room, a
 * user with that level there is a moderator of that room. The bot, moderators and users at or above the bot's own
 * level are never acted against. Power levels are cached per room and refreshed by every power-level change.
 */
public final class Moderators {
  private final MatrixClient client;
  private final UserId self;
  private final Set<UserId> named;
  private final long level;
  private final RoomId management;
  /**
   * Power levels by room, with when they were read. Changes seen in the sync replace them at once; the bot's own
   * events (changes other bots in this process make) never reach its handlers, hence the expiry.
   */
  private final Map<RoomId, Cached> levels = new ConcurrentHashMap<>();

  private record Cached(PowerLevels levels, long at) {}

  private static final long MAX_AGE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

  Moderators(MatrixClient client, Set<UserId> named, long level, RoomId management) {
    this.client = client;
    this.self = client.userId();
    this.named = Set.copyOf(named);
    this.level = level;
    this.management = management;
  }

  /** The bot's own user id. */
  public UserId self() {
    return self;
  }

  /** Whether {@code user} moderates every protected room (listed, an owner, or high enough in the management room). */
  public boolean isModerator(UserId user) {
    return named.contains(user) || powerLevels(management).userLevel(user) >= level;
  }

  /** Whether {@code user} may command the bot about {@code room} (a moderator, or one of that room's own). */
  public boolean mayModerate(UserId user, RoomId room) {
    return isModerator(user) || (room != null && powerLevels(room).userLevel(user) >= level);
  }

  /**
   * Whether {@code user} is exempt from protections in {@code room}: the bot itself, a moderator, or a user with
   * {@code moderator_level} or more in that room.
   */
  public boolean isExempt(RoomId room, UserId user) {
    return user.equals(self) || mayModerate(user, room);
  }

  /**
   * Why the bot must not act against {@code target} in {@code room} (null: any room), or empty when it may:
   * itself, a moderator, or a user at or above the bot's own power level there or a moderator of that room.
   */
  public Optional<String> refusal(UserId target, RoomId room) {
    if (target.equals(self)) {
      return Optional.of("that is the bot itself");
    }
    if (named.contains(target)) {
      return Optional.of(target + " is listed in moderators");
    }
    if (powerLevels(management).userLevel(target) >= level) {
      return Optional.of(target + " is a moderator (power level " + powerLevels(management).userLevel(target)
          + " in the management room)");
    }
    if (room != null) {
      PowerLevels pl = powerLevels(room);
      long theirs = pl.userLevel(target);
      long mine = pl.userLevel(self);
      if (theirs >= mine) {
        return Optional.of(target + "'s power level " + theirs + " is not below the bot's " + mine + " there");
      }
      if (theirs >= level) {
        return Optional.of(target + " is a moderator there (power level " + theirs + ")");
      }
    }
    return Optional.empty();
  }

  /** The room's power levels, from the cache or the homeserver. */
  public PowerLevels powerLevels(RoomId room) {
    Cached c = levels.get(room);
    if (c == null || System.nanoTime() - c.at() > MAX_AGE_NANOS) {
      c = new Cached(client.rooms().powerLevels(room), System.nanoTime());
      levels.put(room, c);
    }
    return c.levels();
  }

  /** Takes a power-level change seen in the sync. */
  void powerLevelsChanged(RoomId room, JsonNode content) {
    levels.put(room, new Cached(new PowerLevels(content), System.nanoTime()));
  }

  /** Forgets a room's cached levels (after the bot changed them itself, or left). */
  public void forget(RoomId room) {
    levels.remove(room);
  }
}

package dev.steward.client;

import dev.steward.client.model.PowerLevels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Roles over power levels: owners (100), moderators (50), everyone else; who may do what; promoting and demoting.
 * Every change rewrites {@code m.room.power_levels} from its current content, keeping all other entries.
 */
public final class Roles {
  /** The level the spec's presets give room owners. */
  public static final long OWNER = 100;
  /** The level the spec's presets give moderators. */
  public static final long MODERATOR = 50;

  /** Things a member may or may not do in a room, each guarded by one power-level field. */
  public enum Action { KICK, BAN, REDACT_OTHERS, INVITE, SEND_MESSAGE, SEND_STATE, CHANGE_POWER_LEVELS }

  private final Rooms rooms;

  Roles(Rooms rooms) {
    this.rooms = rooms;
  }

  /** Sets {@code user}'s level to 100. */
  public void makeOwner(RoomId room, UserId user) {
    rooms.setPowerLevel(room, user, OWNER);
  }

  /** Sets {@code user}'s level to 50. */
  public void makeModerator(RoomId room, UserId user) {
    rooms.setPowerLevel(room, user, MODERATOR);
  }

  /** Returns {@code user} to the room's default level (their entry is removed). */
  public void demote(RoomId room, UserId user) {
    rooms.setPowerLevel(room, user, rooms.powerLevels(room).usersDefault());
  }

  /** Users at 100 or above. */
  public List<UserId> owners(RoomId room) {
    return List.copyOf(usersAtLeast(room, OWNER).keySet());
  }

  /** Users at 50 or above but below 100. */
  public List<UserId> moderators(RoomId room) {
    return usersAtLeast(room, MODERATOR).entrySet().stream().filter(e -> e.getValue() < OWNER)
        .map(Map.Entry::getKey).toList();
  }

  /** Users with an explicit level of at least {@code level}, highest first. */
  public Map<UserId, Long> usersAtLeast(RoomId room, long level) {
    Map<UserId, Long> out = new LinkedHashMap<>();
    rooms.powerLevels(room).users().forEach((u, l) -> {
      if (l >= level) {
        out.put(u, l);
      }
    });
    return out;
  }

  /** The level {@code action} needs in these power levels. */
  public static long needed(PowerLevels levels, Action action) {
    return switch (action) {
      case KICK -> levels.kick();
      case BAN -> levels.ban();
      case REDACT_OTHERS -> levels.redact();
      case INVITE -> levels.invite();
      case SEND_MESSAGE -> levels.eventLevel("m.room.message", false);
      case SEND_STATE -> levels.stateDefault();
      case CHANGE_POWER_LEVELS -> levels.eventLevel("m.room.power_levels", true);
    };
  }

  /** Whether {@code user} may do {@code action} in {@code room} now. */
  public boolean may(RoomId room, UserId user, Action action) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(action, "action");
    PowerLevels levels = rooms.powerLevels(room);
    return levels.userLevel(user) >= needed(levels, action);
  }

  /**
   * Throws {@link RoomException} ({@code FORBIDDEN}, with the level needed) unless {@code user} may do
   * {@code action} in {@code room}.
   */
  public void requirePower(RoomId room, UserId user, Action action) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(action, "action");
    PowerLevels levels = rooms.powerLevels(room);
    long needed = needed(levels, action);
    long has = levels.userLevel(user);
    if (has < needed) {
      throw RoomException.refused(RoomException.Reason.FORBIDDEN, room, user + " has power level " + has + " but "
          + action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " needs " + needed, needed);
    }
  }
}

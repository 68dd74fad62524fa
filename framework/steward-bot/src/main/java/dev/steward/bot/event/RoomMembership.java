package dev.steward.bot.event;

import dev.steward.client.RoomId;
import dev.steward.client.Rooms;
import dev.steward.client.UserId;
import dev.steward.client.model.PowerLevels;

/** Membership actions bound to one room, for handlers: {@code ctx.membership().ban(user, reason)}. */
public final class RoomMembership {
  private final Rooms rooms;
  private final RoomId room;

  public RoomMembership(Rooms rooms, RoomId room) {
    this.rooms = rooms;
    this.room = room;
  }

  public void invite(UserId user) {
    rooms.invite(room, user);
  }

  public void kick(UserId user, String reason) {
    rooms.kick(room, user, reason);
  }

  public void ban(UserId user, String reason) {
    rooms.ban(room, user, reason);
  }

  public void unban(UserId user, String reason) {
    rooms.unban(room, user, reason);
  }

  /** The room's current power levels. */
  public PowerLevels powerLevels() {
    return rooms.powerLevels(room);
  }

  /** Sets one user's power level. */
  public void setPowerLevel(UserId user, long level) {
    rooms.setPowerLevel(room, user, level);
  }
}

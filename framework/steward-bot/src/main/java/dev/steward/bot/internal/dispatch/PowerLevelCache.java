package dev.steward.bot.internal.dispatch;

import dev.steward.client.RoomId;
import dev.steward.client.Rooms;
import dev.steward.client.model.PowerLevels;
import java.util.concurrent.ConcurrentHashMap;

/** Each room's power levels, fetched on first need and dropped when a new power-levels event arrives. */
final class PowerLevelCache {
  private final Rooms rooms;
  private final ConcurrentHashMap<RoomId, PowerLevels> cache = new ConcurrentHashMap<>();

  PowerLevelCache(Rooms rooms) {
    this.rooms = rooms;
  }

  PowerLevels get(RoomId room) {
    return cache.computeIfAbsent(room, rooms::powerLevels);
  }

  void invalidate(RoomId room) {
    cache.remove(room);
  }
}

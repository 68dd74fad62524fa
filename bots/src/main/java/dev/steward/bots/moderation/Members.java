package dev.steward.bots.moderation;

import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The joined members of the protected rooms, read once per room and kept current from joins and leaves in the sync;
 * what ban lists are matched against.
 */
public final class Members {
  private final MatrixClient client;
  private final Map<RoomId, Set<UserId>> joined = new ConcurrentHashMap<>();

  Members(MatrixClient client) {
    this.client = client;
  }

  /** Reads the members of {@code room} from the homeserver. */
  public void load(RoomId room) {
    Set<UserId> set = ConcurrentHashMap.newKeySet();
    set.addAll(client.rooms().joinedMembers(room).keySet());
    joined.put(room, set);
  }

  /** Loads {@code room}, returning false (leaving it out) when the homeserver refuses. */
  boolean tryLoad(RoomId room) {
    try {
      load(room);
      return true;
    } catch (MatrixException e) {
      return false;
    }
  }

  /** The members of every loaded room, live views. */
  public Map<RoomId, Set<UserId>> all() {
    return joined;
  }

  /** Notes a join seen in the sync. */
  public void joined(RoomId room, UserId user) {
    Set<UserId> set = joined.get(room);
    if (set != null) {
      set.add(user);
    }
  }

  /** Notes a leave, kick or ban. */
  public void left(RoomId room, UserId user) {
    Set<UserId> set = joined.get(room);
    if (set != null) {
      set.remove(user);
    }
  }

  void drop(RoomId room) {
    joined.remove(room);
  }
}

package dev.steward.bots.moderation;

import dev.steward.bot.store.KeyValueStore;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.PowerLevels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The protected rooms: those in {@code protected_rooms} plus those added with {@code !rooms add}, minus those removed
 * with {@code !rooms remove}. Additions and removals are kept in the store (namespace {@value #NAMESPACE}, room id →
 * {@code added} or {@code removed}), so they survive restarts and outrank the config file. Member counts are cached to
 * order mass actions largest room first.
 */
public final class ProtectedRooms {
  static final String NAMESPACE = "moderation.rooms";
  private static final String ADDED = "added";
  private static final String REMOVED = "removed";

  private final MatrixClient client;
  private final KeyValueStore store;
  private final Set<RoomId> rooms = ConcurrentHashMap.newKeySet();
  private final Map<RoomId, Integer> sizes = new ConcurrentHashMap<>();

  ProtectedRooms(MatrixClient client, KeyValueStore store, List<RoomId> configured) {
    this.client = client;
    this.store = store;
    Map<String, String> changes = store.all();
    for (RoomId room : configured) {
      if (!REMOVED.equals(changes.get(room.value()))) {
        rooms.add(room);
      }
    }
    changes.forEach((room, state) -> {
      if (ADDED.equals(state)) {
        rooms.add(RoomId.of(room));
      }
    });
  }

  /** Whether {@code room} is protected. */
  public boolean contains(RoomId room) {
    return rooms.contains(room);
  }

  /** The protected rooms, in no particular order. */
  public List<RoomId> all() {
    return List.copyOf(rooms);
  }

  /** {@code among}, largest room first (by the last member count seen; unknown counts last). */
  public List<RoomId> largestFirst(java.util.Collection<RoomId> among) {
    List<RoomId> out = new ArrayList<>(new LinkedHashSet<>(among));
    out.sort(Comparator.comparingInt((RoomId r) -> sizes.getOrDefault(r, -1)).reversed()
        .thenComparing(RoomId::value));
    return out;
  }

  /** Protects {@code room} from now on (joining it if needed); returns false when it already was. */
  boolean add(RoomId room) {
    if (!client.rooms().joined().contains(room)) {
      client.rooms().join(room);
    }
    store.put(room.value(), ADDED);
    refreshSize(room);
    return rooms.add(room);
  }

  /** Stops protecting {@code room}; returns false when it was not protected. The bot stays in the room. */
  boolean remove(RoomId room) {
    store.put(room.value(), REMOVED);
    sizes.remove(room);
    return rooms.remove(room);
  }

  /** Reads the member count of {@code room} for {@link #largestFirst}; a failure leaves the count unknown. */
  void refreshSize(RoomId room) {
    try {
      sizes.put(room, client.rooms().memberCount(room));
    } catch (MatrixException e) {
      sizes.remove(room);
    }
  }

  /** A member joined ({@code +1}) or left ({@code -1}) a protected room. */
  void sizeChanged(RoomId room, int delta) {
    sizes.computeIfPresent(room, (r, n) -> Math.max(0, n + delta));
  }

  /**
   * What the bot cannot do in {@code room} with its power level: some of "ban", "kick", "redact", "change power
   * levels"; empty when it can do all. Reading the levels may throw {@link MatrixException} (e.g. not in the room).
   */
  static List<String> missingPowers(PowerLevels pl, UserId self) {
    long mine = pl.userLevel(self);
    List<String> missing = new ArrayList<>();
    if (mine < pl.ban()) {
      missing.add("ban (needs " + pl.ban() + ")");
    }
    if (mine < pl.kick()) {
      missing.add("kick (needs " + pl.kick() + ")");
    }
    if (mine < pl.redact()) {
      missing.add("redact (needs " + pl.redact() + ")");
    }
    long plLevel = pl.eventLevel("m.room.power_levels", true);
    if (mine < plLevel) {
      missing.add("change power levels (needs " + plLevel + ")");
    }
    return missing;
  }
}

package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices of the users this device shares encrypted rooms with, kept in the store ({@code device},
 * {@code tracked_user}) and fetched with {@code /keys/query} for users not yet tracked or whose devices changed
 * ({@code device_lists.changed} marks them outdated). Only devices whose self-signature verified are kept, and a
 * device whose Ed25519 key changed between queries is refused (its old keys stay): a device's identity never changes.
 */
final class DeviceTracker {
  static final String DEVICE = "device";
  static final String TRACKED = "tracked_user";
  private static final String CURRENT = "current";
  private static final String OUTDATED = "outdated";
  /** The state of a user not tracked (no record), in {@link #tracked}. */
  private static final String UNTRACKED = "";

  private final CryptoStore store;
  private final Keys keys;
  private final RefusalLog refusals;
  /** Devices read back from the store, verified once: user to device id to keys. */
  private final Map<UserId, Map<String, DeviceKeys>> cache = new ConcurrentHashMap<>();
  /**
   * Each user's {@code tracked_user} record as the store holds it, read once: every send asks whether its room's
   * members are current, and this tracker is the only writer of those records (it updates this after each write).
   */
  private final Map<UserId, String> tracked = new ConcurrentHashMap<>();
  /*
   * A change racing a query: every query, change and forget takes the next tick of this clock (under the lock);
   * while queries are in flight (the ticks they began at), each user's last change, last forget and the beginning of
   * the query whose answer was kept last are noted, so an answer can tell whether it is still current when it comes.
   */
  private long clock;
  private final Set<Long> inFlight = new HashSet<>();
  private final Map<UserId, Long> changedAt = new HashMap<>();
  private final Map<UserId, Long> forgottenAt = new HashMap<>();
  private final Map<UserId, Long> answeredAt = new HashMap<>();

  DeviceTracker(CryptoStore store, Keys keys, RefusalLog refusals) {
    this.store = store;
    this.keys = keys;
    this.refusals = refusals;
  }

  /**
   * Fetches the devices of those {@code users} not yet tracked, or outdated. Throws the homeserver's error. No lock
   * is held during the query: a device-list change (or a user forgotten) meanwhile is not waited for, and is not
   * lost either: a user changed since the query began stays outdated (its answer is kept but asked again before the
   * next use), and a user forgotten since is left forgotten.
   */
  void refresh(Collection<UserId> users) {
    List<UserId> stale = new ArrayList<>();
    long began;
    synchronized (this) {
      for (UserId u : users) {
        if (!isCurrent(u)) {
          stale.add(u);
        }
      }
      if (stale.isEmpty()) {
        return;
      }
      began = ++clock;
      inFlight.add(began);
    }
    try {
      Keys.KeyQuery answer = keys.query(stale);
      for (Keys.Refused r : answer.refused()) {
        refusals.refuse("device keys of " + r.userId() + " " + r.deviceId(), r.error());
      }
      synchronized (this) {
        keep(stale, answer, began);
      }
    } finally {
      synchronized (this) {
        inFlight.remove(began);
        if (inFlight.isEmpty()) {
          changedAt.clear(); // no query began before them: nothing left to compare with
          forgottenAt.clear();
          answeredAt.clear();
        }
      }
    }
  }

  /** Stores a query's answer for the {@code stale} users, as of {@code began}. Under the lock. */
  private void keep(List<UserId> stale, Keys.KeyQuery answer, long began) {
    List<CryptoStore.Write> writes = new ArrayList<>();
    Map<UserId, Map<String, DeviceKeys>> kept = new LinkedHashMap<>();
    Map<UserId, String> states = new HashMap<>();
    for (UserId u : stale) {
      if (answer.failures().containsKey(u.value().substring(u.value().indexOf(':') + 1))) {
        continue; // its server did not answer: still outdated, asked again next time
      }
      if (forgottenAt.getOrDefault(u, 0L) > began || answeredAt.getOrDefault(u, 0L) > began) {
        continue; // it left every shared encrypted room while the query ran, or a later query's answer is kept
      }
      Map<String, DeviceKeys> old = devices(u);
      Map<String, DeviceKeys> fresh = new LinkedHashMap<>();
      answer.devices().getOrDefault(u, Map.of()).forEach((id, d) -> {
        DeviceKeys before = old.get(id);
        if (before != null && !before.ed25519Key().equals(d.ed25519Key())) {
          refusals.refuse("device keys of " + u + " " + id, "ED25519_CHANGED",
              "the device's Ed25519 key changed since it was first seen; its first keys are kept");
          fresh.put(id, before);
        } else {
          fresh.put(id, d);
        }
      });
      old.keySet().stream().filter(id -> !fresh.containsKey(id))
          .forEach(id -> writes.add(CryptoStore.Write.delete(DEVICE, u.value() + "|" + id)));
      fresh.forEach((id, d) -> writes.add(CryptoStore.Write.put(DEVICE, u.value() + "|" + id, d.json().toString())));
      // Changed while the query ran: the answer may be from before the change, so it is asked again.
      boolean changedSince = changedAt.getOrDefault(u, 0L) > began;
      states.put(u, changedSince ? OUTDATED : CURRENT);
      writes.add(CryptoStore.Write.put(TRACKED, u.value(), states.get(u)));
      kept.put(u, Map.copyOf(fresh));
    }
    store.write(writes);
    cache.putAll(kept);
    tracked.putAll(states);
    kept.keySet().forEach(u -> answeredAt.put(u, began));
  }

  /**
   * Marks users whose devices changed as outdated (tracked ones: asked again before their next use; one whose query
   * is in flight: its answer is not taken as current). Does not wait for a query in flight.
   */
  synchronized void changed(Collection<UserId> users) {
    List<CryptoStore.Write> writes = new ArrayList<>();
    List<UserId> outdated = new ArrayList<>();
    long now = ++clock;
    for (UserId u : users) {
      if (!inFlight.isEmpty()) {
        changedAt.put(u, now);
      }
      if (!trackedState(u).equals(UNTRACKED)) {
        writes.add(CryptoStore.Write.put(TRACKED, u.value(), OUTDATED));
        outdated.add(u);
      }
    }
    if (!writes.isEmpty()) {
      store.write(writes);
      outdated.forEach(u -> tracked.put(u, OUTDATED));
    }
  }

  /** Stops tracking users who share no encrypted room any more: their devices are forgotten. */
  synchronized void forget(Collection<UserId> users) {
    List<CryptoStore.Write> writes = new ArrayList<>();
    long now = ++clock;
    for (UserId u : users) {
      if (!inFlight.isEmpty()) {
        forgottenAt.put(u, now);
      }
      writes.add(CryptoStore.Write.delete(TRACKED, u.value()));
      store.scan(DEVICE, u.value() + "|").keySet().forEach(k -> writes.add(CryptoStore.Write.delete(DEVICE, k)));
    }
    store.write(writes);
    users.forEach(cache::remove);
    users.forEach(u -> tracked.put(u, UNTRACKED));
  }

  /** Whether {@code user} is tracked and not outdated. */
  boolean isCurrent(UserId user) {
    return trackedState(user).equals(CURRENT);
  }

  /** {@code user}'s record as the store holds it ({@link #UNTRACKED} for none), from the store the first time. */
  private String trackedState(UserId user) {
    return tracked.computeIfAbsent(user, u -> store.get(TRACKED, u.value()).orElse(UNTRACKED));
  }

  /** How many users are tracked. */
  int trackedCount() {
    return store.scan(TRACKED, "").size();
  }

  /** The known devices of {@code user}, device id to keys (empty when none are known). */
  Map<String, DeviceKeys> devices(UserId user) {
    return cache.computeIfAbsent(user, this::load);
  }

  /** The device of {@code user} whose Curve25519 key is {@code curve25519Key}, when known. */
  Optional<DeviceKeys> byCurveKey(UserId user, String curve25519Key) {
    return devices(user).values().stream().filter(d -> d.curve25519Key().equals(curve25519Key)).findFirst();
  }

  private Map<String, DeviceKeys> load(UserId user) {
    Map<String, DeviceKeys> out = new LinkedHashMap<>();
    store.scan(DEVICE, user.value() + "|").forEach((key, json) -> {
      String id = key.substring(user.value().length() + 1);
      try {
        JsonNode node = Json.mapper().readTree(json);
        out.put(id, DeviceKeys.verified(node, user.value(), id));
      } catch (IOException | CryptoException e) {
        refusals.refuse("stored device " + user + " " + id, "BAD_STATE", e.getMessage());
      }
    });
    return Map.copyOf(out);
  }
}

package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private final CryptoStore store;
  private final Keys keys;
  private final RefusalLog refusals;
  /** Devices read back from the store, verified once: user to device id to keys. */
  private final Map<UserId, Map<String, DeviceKeys>> cache = new ConcurrentHashMap<>();

  DeviceTracker(CryptoStore store, Keys keys, RefusalLog refusals) {
    this.store = store;
    this.keys = keys;
    this.refusals = refusals;
  }

  /** Fetches the devices of those {@code users} not yet tracked, or outdated. Throws the homeserver's error. */
  synchronized void refresh(Collection<UserId> users) {
    List<UserId> stale = new ArrayList<>();
    for (UserId u : users) {
      if (!store.get(TRACKED, u.value()).map(CURRENT::equals).orElse(false)) {
        stale.add(u);
      }
    }
    if (stale.isEmpty()) {
      return;
    }
    Keys.KeyQuery answer = keys.query(stale);
    for (Keys.Refused r : answer.refused()) {
      refusals.refuse("device keys of " + r.userId() + " " + r.deviceId(), r.error());
    }
    List<CryptoStore.Write> writes = new ArrayList<>();
    for (UserId u : stale) {
      if (answer.failures().containsKey(u.value().substring(u.value().indexOf(':') + 1))) {
        continue; // its server did not answer: still outdated, asked again next time
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
      writes.add(CryptoStore.Write.put(TRACKED, u.value(), CURRENT));
      cache.put(u, Map.copyOf(fresh));
    }
    store.write(writes);
  }

  /** Marks tracked users whose devices changed as outdated: asked again before their next use. */
  void changed(Collection<UserId> users) {
    List<CryptoStore.Write> writes = new ArrayList<>();
    for (UserId u : users) {
      if (store.get(TRACKED, u.value()).isPresent()) {
        writes.add(CryptoStore.Write.put(TRACKED, u.value(), OUTDATED));
      }
    }
    if (!writes.isEmpty()) {
      synchronized (this) {
        store.write(writes);
      }
    }
  }

  /** Stops tracking users who share no encrypted room any more: their devices are forgotten. */
  synchronized void forget(Collection<UserId> users) {
    List<CryptoStore.Write> writes = new ArrayList<>();
    for (UserId u : users) {
      writes.add(CryptoStore.Write.delete(TRACKED, u.value()));
      store.scan(DEVICE, u.value() + "|").keySet().forEach(k -> writes.add(CryptoStore.Write.delete(DEVICE, k)));
      cache.remove(u);
    }
    store.write(writes);
  }

  /** Whether {@code user} is tracked and not outdated. */
  boolean isCurrent(UserId user) {
    return store.get(TRACKED, user.value()).map(CURRENT::equals).orElse(false);
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

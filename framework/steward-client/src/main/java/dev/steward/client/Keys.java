package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.crypto.OlmAccount;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The end-to-end encryption keys of this device and of others over the Client-Server API: uploading the device keys
 * with signed one-time and fallback keys ({@code /keys/upload}), keeping them topped up from the sync's counts,
 * querying other users' devices ({@code /keys/query}) and claiming their one-time keys ({@code /keys/claim}). Every
 * key read from the server is checked against its device's Ed25519 signature; what fails is refused and reported,
 * never returned as usable. Uploads and top-ups lock the account (it is not thread-safe; a top-up not during the
 * upload itself), so instances sharing an account can be used from several threads.
 */
public final class Keys {
  /** One-time keys kept on the server: half of what the account holds at most, as other clients keep. */
  public static final int TARGET_ONE_TIME_KEYS = OlmAccount.MAX_ONE_TIME_KEYS / 2;
  private static final int SERVER_TIMEOUT_MS = 10_000;

  private final MatrixClient client;
  private final Http http;
  private final OlmAccount account;
  private final String userId;
  private final String deviceId;
  /** Runs before keys go to the server, with the account's lock held: where the account is kept, it is saved there. */
  private Runnable beforePublishing = () -> { };

  Keys(MatrixClient client, OlmAccount account) {
    this.client = client;
    this.http = client.http();
    this.account = Objects.requireNonNull(account, "account");
    this.userId = client.userId().value();
    String device = client.deviceId();
    if (device == null) {
      throw new IllegalStateException("device id unknown: log in (or give the builder a device id) first");
    }
    this.deviceId = device;
  }

  /** A device refused: its keys or its signature did not check out; {@code error.reason()} says why. */
  public record Refused(UserId userId, String deviceId, CryptoException error) {}

  /**
   * What {@link #query} found.
   *
   * @param devices the verified devices of each user asked about (empty when the user has none, or is unknown)
   * @param refused devices whose keys were malformed, misaddressed or badly signed: never use them
   * @param failures servers that could not be reached, server name to the error the homeserver gave
   */
  public record KeyQuery(Map<UserId, Map<String, DeviceKeys>> devices, List<Refused> refused,
                         Map<String, JsonNode> failures) {
    public KeyQuery {
      devices = Map.copyOf(devices);
      refused = List.copyOf(refused);
      failures = Map.copyOf(failures);
    }
  }

  /**
   * A one-time (or fallback) key claimed from a device, its signature checked.
   *
   * @param device the device it belongs to
   * @param keyId its id, such as {@code signed_curve25519:AAAAHg}
   * @param key the Curve25519 public key, unpadded base64
   * @param fallback whether the device gave its fallback key (it had no one-time key left)
   */
  public record ClaimedKey(DeviceKeys device, String keyId, String key, boolean fallback) {}

  /**
   * What {@link #claim} got.
   *
   * @param keys the verified keys, at most one per device
   * @param refused devices whose claimed key was malformed or badly signed
   * @param none devices for which the server gave no key (none left, no fallback, or unknown device)
   * @param failures servers that could not be reached, server name to the error the homeserver gave
   */
  public record KeyClaim(List<ClaimedKey> keys, List<Refused> refused, List<DeviceKeys> none,
                         Map<String, JsonNode> failures) {
    public KeyClaim {
      keys = List.copyOf(keys);
      refused = List.copyOf(refused);
      none = List.copyOf(none);
      failures = Map.copyOf(failures);
    }
  }

  /** This device's keys, signed by the account. */
  public DeviceKeys deviceKeys() {
    synchronized (account) {
      return DeviceKeys.of(account, userId, deviceId);
    }
  }

  /**
   * Publishes this device: its signed device keys, with whatever one-time and fallback keys are unpublished; a
   * fresh account (no keys yet) first gets {@link #TARGET_ONE_TIME_KEYS} one-time keys and a fallback key. Keys are
   * marked published only once the server accepted them. Call it when the device starts; later, {@link #topUp}.
   *
   * @return the server's one-time key counts by algorithm after the upload
   */
  public Map<String, Integer> uploadDeviceKeys() {
    synchronized (account) {
      return uploadDeviceKeysLocked();
    }
  }

  private Map<String, Integer> uploadDeviceKeysLocked() {
    if (account.oneTimeKeyCount() == 0 && account.unpublishedFallbackKey().isEmpty()) {
      account.generateOneTimeKeys(TARGET_ONE_TIME_KEYS);
      account.generateFallbackKey();
    }
    ObjectNode body = keysBody();
    body.set("device_keys", deviceKeys().json());
    return upload(body);
  }

  /**
   * Tops the server's one-time keys up to {@link #TARGET_ONE_TIME_KEYS} from the counts a sync gave, and replaces
   * the fallback key when it was used. Keys generated earlier but never accepted are sent again.
   *
   * @param serverCount {@code device_one_time_keys_count.signed_curve25519} from the sync (0 when absent)
   * @param unusedFallbackKeyTypes {@code device_unused_fallback_key_types} from the sync, or null when the sync did
   *     not carry it (the fallback key is then left as it is)
   * @return how many one-time keys were uploaded (0 when nothing was needed and no call was made)
   */
  public int topUp(int serverCount, Collection<String> unusedFallbackKeyTypes) {
    if (serverCount < 0) {
      throw new IllegalArgumentException("serverCount must not be negative: " + serverCount);
    }
    ObjectNode body;
    List<String> ids = new ArrayList<>();
    int sending;
    synchronized (account) {
      int pending = account.unpublishedOneTimeKeys().size();
      int missing = TARGET_ONE_TIME_KEYS - serverCount - pending;
      if (missing > 0) {
        account.generateOneTimeKeys(missing);
      }
      if (unusedFallbackKeyTypes != null && !unusedFallbackKeyTypes.contains(DeviceKeys.SIGNED_CURVE25519)
          && account.unpublishedFallbackKey().isEmpty()) {
        account.generateFallbackKey();
      }
      sending = account.unpublishedOneTimeKeys().size();
      if (sending == 0 && account.unpublishedFallbackKey().isEmpty()) {
        return 0;
      }
      ids.addAll(account.unpublishedOneTimeKeys().keySet());
      ids.addAll(account.unpublishedFallbackKey().keySet());
      body = keysBody();
      beforePublishing.run(); // saved with the new keys before the server hears of them
    }
    // The upload itself without the account's lock: sending and decrypting need the account meanwhile. A top-up
    // running beside this one finds these keys unpublished and sends the same again, which the server accepts.
    post(body);
    synchronized (account) {
      account.markKeysAsPublished(ids); // only what went: keys made meanwhile go with the next upload
    }
    return sending;
  }

  /** The server's one-time key counts by algorithm for this device (an upload of nothing, which only answers). */
  public Map<String, Integer> oneTimeKeyCounts() {
    synchronized (account) {
      return upload(Json.mapper().createObjectNode());
    }
  }

  /**
   * The devices of {@code users} with their keys, each device's self-signature verified.
   *
   * @throws MatrixException when the homeserver refuses, or answers without {@code device_keys}
   */
  public KeyQuery query(Collection<UserId> users) {
    Objects.requireNonNull(users, "users");
    ObjectNode body = Json.mapper().createObjectNode().put("timeout", SERVER_TIMEOUT_MS);
    ObjectNode wanted = body.putObject("device_keys");
    users.forEach(u -> wanted.putArray(Objects.requireNonNull(u, "user").value()));
    JsonNode answer = http.json("POST", http.v3(null, "keys", "query"), body, CallOptions.SAFE, JsonNode.class);
    JsonNode found = answer == null ? null : answer.get("device_keys");
    if (found == null || !found.isObject()) {
      throw badAnswer("keys/query", "the answer has no device_keys object");
    }
    Set<String> asked = new HashSet<>();
    users.forEach(u -> asked.add(u.value()));
    Map<UserId, Map<String, DeviceKeys>> devices = new LinkedHashMap<>();
    users.forEach(u -> devices.put(u, new LinkedHashMap<>()));
    List<Refused> refused = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = found.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> user = it.next();
      UserId id = userIdOrNull(user.getKey());
      if (id == null || !asked.contains(user.getKey())) {
        continue;
      }
      if (!user.getValue().isObject()) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> ds = user.getValue().fields(); ds.hasNext(); ) {
        Map.Entry<String, JsonNode> device = ds.next();
        try {
          devices.get(id).put(device.getKey(), DeviceKeys.verified(device.getValue(), id.value(), device.getKey()));
        } catch (CryptoException e) {
          refused.add(new Refused(id, device.getKey(), e));
        }
      }
    }
    Map<UserId, Map<String, DeviceKeys>> frozen = new LinkedHashMap<>();
    devices.forEach((u, d) -> frozen.put(u, Map.copyOf(d)));
    return new KeyQuery(frozen, refused, failures(answer));
  }

  /**
   * Claims one {@code signed_curve25519} key of each device (verified ones, as {@link #query} returns), and checks
   * each key's signature against its device's Ed25519 key. Not safe to repeat: every call uses up keys.
   *
   * @throws MatrixException when the homeserver refuses, or answers without {@code one_time_keys}
   */
  public KeyClaim claim(Collection<DeviceKeys> devices) {
    Objects.requireNonNull(devices, "devices");
    ObjectNode body = Json.mapper().createObjectNode().put("timeout", SERVER_TIMEOUT_MS);
    ObjectNode wanted = body.putObject("one_time_keys");
    for (DeviceKeys d : devices) {
      ObjectNode byUser = wanted.has(d.userId()) ? (ObjectNode) wanted.get(d.userId()) : wanted.putObject(d.userId());
      byUser.put(d.deviceId(), DeviceKeys.SIGNED_CURVE25519);
    }
    JsonNode answer = http.json("POST", http.v3(null, "keys", "claim"), body, CallOptions.UNSAFE, JsonNode.class);
    JsonNode found = answer == null ? null : answer.get("one_time_keys");
    if (found == null || !found.isObject()) {
      throw badAnswer("keys/claim", "the answer has no one_time_keys object");
    }
    List<ClaimedKey> keys = new ArrayList<>();
    List<Refused> refused = new ArrayList<>();
    List<DeviceKeys> none = new ArrayList<>();
    for (DeviceKeys d : devices) {
      JsonNode byDevice = found.path(d.userId()).path(d.deviceId());
      Map.Entry<String, JsonNode> entry = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = byDevice.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().startsWith(DeviceKeys.SIGNED_CURVE25519 + ":")) {
          entry = e;
          break;
        }
      }
      if (entry == null) {
        none.add(d);
        continue;
      }
      try {
        String key = d.verifySignedKey(entry.getValue());
        keys.add(new ClaimedKey(d, entry.getKey(), key, entry.getValue().path("fallback").asBoolean(false)));
      } catch (CryptoException e) {
        refused.add(new Refused(UserId.of(d.userId()), d.deviceId(), e));
      }
    }
    return new KeyClaim(keys, refused, none, failures(answer));
  }

  private ObjectNode keysBody() {
    ObjectNode body = Json.mapper().createObjectNode();
    Map<String, String> oneTime = account.unpublishedOneTimeKeys();
    if (!oneTime.isEmpty()) {
      ObjectNode keys = body.putObject("one_time_keys");
      oneTime.forEach((id, key) -> keys.set(DeviceKeys.SIGNED_CURVE25519 + ":" + id,
          DeviceKeys.signedKey(account, userId, deviceId, key, false)));
    }
    Map<String, String> fallback = account.unpublishedFallbackKey();
    if (!fallback.isEmpty()) {
      ObjectNode keys = body.putObject("fallback_keys");
      fallback.forEach((id, key) -> keys.set(DeviceKeys.SIGNED_CURVE25519 + ":" + id,
          DeviceKeys.signedKey(account, userId, deviceId, key, true)));
    }
    return body;
  }

  /**
   * Has {@code save} run before one-time or fallback keys are uploaded (with the account's lock held), so that the
   * server never holds a public key whose private half exists nowhere: a crash after the upload would otherwise
   * leave keys that peers claim and the device cannot answer. A failing {@code save} stops the upload.
   */
  Keys savingBeforePublishing(Runnable save) {
    this.beforePublishing = Objects.requireNonNull(save, "save");
    return this;
  }

  /** Uploads; on success marks everything in the body as published. Repeating the same keys is accepted. */
  private Map<String, Integer> upload(ObjectNode body) {
    if (body.has("one_time_keys") || body.has("fallback_keys")) {
      beforePublishing.run();
    }
    Map<String, Integer> counts = post(body);
    if (body.has("one_time_keys") || body.has("fallback_keys")) {
      account.markKeysAsPublished();
    }
    return counts;
  }

  /** Posts {@code body} to {@code /keys/upload}: the server's one-time key counts by algorithm. */
  private Map<String, Integer> post(ObjectNode body) {
    JsonNode answer = http.json("POST", http.v3(null, "keys", "upload"), body, CallOptions.SAFE, JsonNode.class);
    JsonNode counts = answer == null ? null : answer.get("one_time_key_counts");
    if (counts == null || !counts.isObject()) {
      throw badAnswer("keys/upload", "the answer has no one_time_key_counts object");
    }
    Map<String, Integer> result = new LinkedHashMap<>();
    counts.fields().forEachRemaining(e -> {
      if (e.getValue().canConvertToInt()) {
        result.put(e.getKey(), e.getValue().asInt());
      }
    });
    return Map.copyOf(result);
  }

  private static Map<String, JsonNode> failures(JsonNode answer) {
    Map<String, JsonNode> failures = new LinkedHashMap<>();
    JsonNode node = answer.get("failures");
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> failures.put(e.getKey(), e.getValue()));
    }
    return failures;
  }

  private static UserId userIdOrNull(String value) {
    try {
      return UserId.of(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private MatrixException badAnswer(String endpoint, String problem) {
    return new MatrixException("POST /_matrix/client/v3/" + endpoint, problem, null);
  }
}

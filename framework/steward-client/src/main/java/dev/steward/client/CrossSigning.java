package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.crypto.CrossSigningIdentity;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.crypto.OlmAccount;
import dev.steward.client.crypto.SigningKey;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-signing for the client's user: its master, self-signing and user-signing keys, published with
 * {@code /keys/device_signing/upload} and kept (private seeds) in a {@link CryptoStore} under kind
 * {@value #STORE_KIND}, and this device signed by the self-signing key, so that clients which hide or flag messages
 * from unverified devices treat the bot's device as its owner's. {@link #bootstrap} is safe to call at every start:
 * it changes nothing that is already in place, and never replaces a master key it does not hold unless told to.
 */
public final class CrossSigning {
  /** The store kind the private keys are kept under, keys {@code master}, {@code self_signing}, {@code user_signing}. */
  public static final String STORE_KIND = "cross_signing";
  private static final int SERVER_TIMEOUT_MS = 10_000;
  private static final Logger log = LoggerFactory.getLogger(CrossSigning.class);

  /** What {@link #bootstrap} did. */
  public enum Outcome {
    /** New keys were made, stored and published (the server had none), and this device signed. */
    CREATED,
    /**
     * Keys the store already held were published (the server had none: an earlier attempt failed, or the server lost
     * them; or it had other sub-keys under our master key), and this device signed.
     */
    PUBLISHED,
    /** New keys replaced the server's master key ({@code replace = true}), and this device signed. */
    REPLACED,
    /** The keys were in place; this device's signature by the self-signing key was missing and is now uploaded. */
    DEVICE_SIGNED,
    /** Everything was in place: nothing was sent. */
    UNCHANGED
  }

  /** What {@link #bootstrap} did, and the user's cross-signing public keys afterwards. */
  public record Result(Outcome outcome, CrossSigningIdentity identity) {}

  /** The three private keys, as kept in the store. */
  private record KeySet(SigningKey master, SigningKey selfSigning, SigningKey userSigning) {
    CrossSigningIdentity identity(String userId) {
      return new CrossSigningIdentity(userId, master.publicKey(), selfSigning.publicKey(), userSigning.publicKey());
    }
  }

  private final Http http;
  private final Keys keys;
  private final CryptoStore store;
  private final UserId user;
  private final String userId;
  private final String deviceId;

  private CrossSigning(MatrixClient client, OlmAccount account, CryptoStore store) {
    this.http = client.http();
    this.keys = client.keys(account);
    this.store = Objects.requireNonNull(store, "store");
    this.user = client.userId();
    this.userId = user.value();
    this.deviceId = client.deviceId();
  }

  /**
   * Cross-signing for the device of {@code client} whose Olm account is {@code account}, private keys kept in
   * {@code store}. Needs the user id and device id (after login).
   */
  public static CrossSigning of(MatrixClient client, OlmAccount account, CryptoStore store) {
    return new CrossSigning(Objects.requireNonNull(client, "client"), Objects.requireNonNull(account, "account"),
        store);
  }

  /** {@link #bootstrap(String, boolean)} without replacing anyone else's keys. */
  public Result bootstrap(String password) {
    return bootstrap(password, false);
  }

  /**
   * Makes sure the user has cross-signing keys this store holds and that this device is signed by them. The device
   * keys must be published already ({@link Keys#uploadDeviceKeys}).
   *
   * <ul>
   *   <li>Server and store agree: only this device's signature by the self-signing key is checked, and uploaded
   *       when missing.
   *   <li>The server has no master key: the stored keys (new ones when the store has none, stored before anything
   *       is sent) are published, authenticating with {@code password} when the server asks, and the device signed.
   *   <li>The server has another master key: {@link CrossSigningConflictException}, unless {@code replace}, which
   *       publishes new keys in their place (servers always ask for the password then) and stores them once the
   *       server took them.
   * </ul>
   *
   * @param password the account's password for user-interactive auth, or null when the account has none (a
   *     server that asks for it then fails with the flows it offers)
   * @throws InteractiveAuthException when the server refuses the auth ({@code M_FORBIDDEN} for a wrong password)
   * @throws MatrixException for any other homeserver refusal, with its errcode
   * @throws CrossSigningConflictException when the server has another master key and {@code replace} is false
   * @throws IllegalStateException when this device's keys are not on the server, or not this account's
   * @throws CryptoException when the server's keys are malformed or badly signed, or the stored ones unreadable
   */
  public synchronized Result bootstrap(String password, boolean replace) {
    JsonNode own = queryOwnKeys();
    DeviceKeys device = publishedDevice(own);
    Optional<String> serverMaster = CrossSigningIdentity.masterKeyOf(own, userId);
    if (replace) {
      // Stored only once published: a refused password must not cost the keys that are still the server's.
      KeySet fresh = generate();
      publish(fresh, password);
      save(fresh);
      signDevice(fresh, device);
      log.info("Replaced the cross-signing keys of {} (master key was {}, now {}); signed device {}", userId,
          serverMaster.orElse("none"), fresh.master().publicKey(), deviceId);
      return new Result(Outcome.REPLACED, fresh.identity(userId));
    }
    Optional<KeySet> stored = load();
    if (serverMaster.isEmpty()) {
      KeySet keySet = stored.orElseGet(() -> save(generate()));
      publish(keySet, password);
      signDevice(keySet, device);
      log.info("Published cross-signing keys for {} (master key {}); signed device {}", userId,
          keySet.master().publicKey(), deviceId);
      return new Result(stored.isPresent() ? Outcome.PUBLISHED : Outcome.CREATED, keySet.identity(userId));
    }
    if (stored.isEmpty() || !stored.get().master().publicKey().equals(serverMaster.get())) {
      throw new CrossSigningConflictException(user, serverMaster.get(),
          stored.map(k -> k.master().publicKey()).orElse(null));
    }
    KeySet keySet = stored.get();
    CrossSigningIdentity server = CrossSigningIdentity.fromQuery(own, userId).orElseThrow();
    if (!server.equals(keySet.identity(userId))) {
      // We hold the master key, so our sub-keys are the user's: the server lost or was given other ones.
      publish(keySet, password);
      signDevice(keySet, device);
      log.info("Published the stored cross-signing sub-keys of {} again; signed device {}", userId, deviceId);
      return new Result(Outcome.PUBLISHED, keySet.identity(userId));
    }
    if (server.isCrossSigned(device)) {
      return new Result(Outcome.UNCHANGED, server);
    }
    signDevice(keySet, device);
    log.info("Signed device {} of {} with its self-signing key", deviceId, userId);
    return new Result(Outcome.DEVICE_SIGNED, server);
  }

  /**
   * The checked cross-signing keys of {@code user} as the homeserver of {@code client} has them, or empty when the
   * user has none. Check a device of theirs (from {@link Keys#query}) with
   * {@link CrossSigningIdentity#verifyDevice}.
   *
   * @throws MatrixException when the homeserver refuses, with its errcode
   * @throws CryptoException when the keys are malformed or the sub-keys not signed by the master key
   */
  public static Optional<CrossSigningIdentity> identity(MatrixClient client, UserId user) {
    Objects.requireNonNull(user, "user");
    return CrossSigningIdentity.fromQuery(query(client.http(), user), user.value());
  }

  private JsonNode queryOwnKeys() {
    return query(http, user);
  }

  private static JsonNode query(Http http, UserId user) {
    ObjectNode body = Json.mapper().createObjectNode().put("timeout", SERVER_TIMEOUT_MS);
    body.putObject("device_keys").putArray(user.value());
    JsonNode answer = http.json("POST", http.v3(null, "keys", "query"), body, CallOptions.SAFE, JsonNode.class);
    if (answer == null || !answer.isObject()) {
      throw new MatrixException("POST /_matrix/client/v3/keys/query", "the answer is not a JSON object", null);
    }
    return answer;
  }

  /** This device as the server publishes it, checked to be this account's: only that may be signed. */
  private DeviceKeys publishedDevice(JsonNode own) {
    JsonNode published = own.path("device_keys").path(userId).get(deviceId);
    if (published == null) {
      throw new IllegalStateException("the homeserver has no keys for device " + deviceId + " of " + userId
          + ": upload them first (Keys.uploadDeviceKeys)");
    }
    DeviceKeys device = DeviceKeys.verified(published, userId, deviceId);
    DeviceKeys mine = keys.deviceKeys();
    if (!device.ed25519Key().equals(mine.ed25519Key()) || !device.curve25519Key().equals(mine.curve25519Key())) {
      throw new IllegalStateException("the homeserver holds other keys for device " + deviceId + " of " + userId
          + " than this account's: not signing them");
    }
    return device;
  }

  private KeySet generate() {
    return new KeySet(SigningKey.generate(), SigningKey.generate(), SigningKey.generate());
  }

  /** Stores the private keys before they are published, so that published keys are never lost. */
  private KeySet save(KeySet keySet) {
    store.write(List.of(
        CryptoStore.Write.put(STORE_KIND, CrossSigningIdentity.MASTER, keySet.master().seed()),
        CryptoStore.Write.put(STORE_KIND, CrossSigningIdentity.SELF_SIGNING, keySet.selfSigning().seed()),
        CryptoStore.Write.put(STORE_KIND, CrossSigningIdentity.USER_SIGNING, keySet.userSigning().seed())));
    return keySet;
  }

  private Optional<KeySet> load() {
    List<String> names = List.of(CrossSigningIdentity.MASTER, CrossSigningIdentity.SELF_SIGNING,
        CrossSigningIdentity.USER_SIGNING);
    List<SigningKey> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      store.get(STORE_KIND, name).ifPresentOrElse(seed -> found.add(SigningKey.fromSeed(seed)),
          () -> missing.add(name));
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("the crypto store holds only part of the cross-signing keys of " + userId
          + " (missing " + missing + "); bootstrap with replace=true to make a new set");
    }
    return Optional.of(new KeySet(found.get(0), found.get(1), found.get(2)));
  }

  private void publish(KeySet keySet, String password) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.set("master_key", keyObject(keySet.master(), CrossSigningIdentity.MASTER));
    body.set("self_signing_key",
        keySet.master().sign(keyObject(keySet.selfSigning(), CrossSigningIdentity.SELF_SIGNING), userId));
    body.set("user_signing_key",
        keySet.master().sign(keyObject(keySet.userSigning(), CrossSigningIdentity.USER_SIGNING), userId));
    InteractiveAuth auth = InteractiveAuth.authenticated(http);
    if (password != null) {
      auth.answer("m.login.password", () -> {
        ObjectNode answer = Json.mapper().createObjectNode();
        answer.putObject("identifier").put("type", "m.id.user").put("user", userId);
        return answer.put("password", password);
      });
    }
    auth.post(http.v3(null, "keys", "device_signing", "upload"), body);
  }

  private ObjectNode keyObject(SigningKey key, String usage) {
    ObjectNode object = Json.mapper().createObjectNode().put("user_id", userId);
    object.putArray("usage").add(usage);
    object.putObject("keys").put(key.keyId(), key.publicKey());
    return object;
  }

  /** Uploads this device's keys signed by the self-signing key; a per-key failure surfaces with its errcode. */
  private void signDevice(KeySet keySet, DeviceKeys device) {
    ObjectNode signed = device.json();
    signed.remove("unsigned");
    keySet.selfSigning().sign(signed, userId);
    ObjectNode body = Json.mapper().createObjectNode();
    body.putObject(userId).set(deviceId, signed);
    JsonNode answer = http.json("POST", http.v3(null, "keys", "signatures", "upload"), body, CallOptions.SAFE,
        JsonNode.class);
    JsonNode failure = answer == null ? null : answer.path("failures").path(userId).get(deviceId);
    if (failure != null) {
      throw new MatrixException("POST /_matrix/client/v3/keys/signatures/upload", 200,
          failure.path("errcode").asText(null), "signature of device " + deviceId + " refused: "
              + failure.path("error").asText("no reason given"), null);
    }
  }
}

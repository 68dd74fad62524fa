package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.crypto.CrossSigningIdentity;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.crypto.InMemoryCryptoStore;
import dev.steward.client.crypto.OlmAccount;
import dev.steward.client.crypto.SignedJson;
import dev.steward.client.crypto.SigningKey;
import dev.steward.client.internal.Json;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cross-signing bootstrap over the Client-Server API: keys made, signed and published through password auth, the
 * device signed by the self-signing key, nothing sent again when all is in place, and a foreign master key, a wrong
 * password or a refused signature reported instead of papered over.
 */
class CrossSigningTest extends MockHomeserver {
  private static final String ME = "@bot:localhost";
  private static final String DEVICE = "BOTDEVICE";
  private static final String QUERY = "/_matrix/client/v3/keys/query";
  private static final String KEYS_UPLOAD = "/_matrix/client/v3/keys/device_signing/upload";
  private static final String SIGNATURES_UPLOAD = "/_matrix/client/v3/keys/signatures/upload";
  private static final String PASSWORD_CHALLENGE =
      "{\"session\":\"XS1\",\"flows\":[{\"stages\":[\"m.login.password\"]}],\"params\":{}}";

  private final MatrixClient device = MatrixClient.builder().homeserver(server.url("/")).accessToken(Fixtures.TOKEN)
      .userId(UserId.of(ME)).deviceId(DEVICE).retryPolicy(RetryPolicy.NONE).build();
  private final OlmAccount account = OlmAccount.create();
  private final CryptoStore store = new InMemoryCryptoStore();
  private final CrossSigning crossSigning = CrossSigning.of(device, account, store);
  /** Keys a test may put in the store (and on the server) as the bot's own. */
  private final SigningKey master = SigningKey.generate();
  private final SigningKey selfSigning = SigningKey.generate();
  private final SigningKey userSigning = SigningKey.generate();

  @AfterEach
  void closeDevice() {
    device.close();
  }

  /** Our device as the server publishes it (self-signed, with the server's unsigned display name). */
  private ObjectNode publishedDevice() {
    ObjectNode keys = DeviceKeys.of(account, ME, DEVICE).json();
    keys.putObject("unsigned").put("device_display_name", "Steward");
    return keys;
  }

  private ObjectNode keyObject(SigningKey key, String usage) {
    ObjectNode object = Json.mapper().createObjectNode().put("user_id", ME);
    object.putArray("usage").add(usage);
    object.putObject("keys").put(key.keyId(), key.publicKey());
    return object;
  }

  /** A {@code /keys/query} answer for our user: our device (signed by {@code deviceSigner} if given) and keys. */
  private String queryAnswer(SigningKey masterKey, SigningKey selfSigningKey, SigningKey userSigningKey,
                             SigningKey deviceSigner) {
    ObjectNode answer = Json.mapper().createObjectNode();
    ObjectNode dev = publishedDevice();
    if (deviceSigner != null) {
      deviceSigner.sign(dev, ME);
    }
    answer.putObject("device_keys").putObject(ME).set(DEVICE, dev);
    if (masterKey != null) {
      answer.putObject("master_keys").set(ME, keyObject(masterKey, "master"));
      answer.putObject("self_signing_keys").set(ME, masterKey.sign(keyObject(selfSigningKey, "self_signing"), ME));
      answer.putObject("user_signing_keys").set(ME, masterKey.sign(keyObject(userSigningKey, "user_signing"), ME));
    }
    answer.putObject("failures");
    return answer.toString();
  }

  private String noKeysAnswer() {
    return queryAnswer(null, null, null, null);
  }

  private void storeKeys(SigningKey masterKey, SigningKey selfSigningKey, SigningKey userSigningKey) {
    store.put(CrossSigning.STORE_KIND, "master", masterKey.seed());
    store.put(CrossSigning.STORE_KIND, "self_signing", selfSigningKey.seed());
    store.put(CrossSigning.STORE_KIND, "user_signing", userSigningKey.seed());
  }

  private String storedPublicKey(String name) {
    return SigningKey.fromSeed(store.get(CrossSigning.STORE_KIND, name).orElseThrow()).publicKey();
  }

  /** Checks an uploaded key set: each key's form, sub-keys signed by the master key; returns the master key. */
  private static String checkUploadedKeys(JsonNode body) {
    JsonNode master = body.get("master_key");
    assertThat(master.get("user_id").asText()).isEqualTo(ME);
    assertThat(master.get("usage")).extracting(JsonNode::asText).containsExactly("master");
    String masterKey = master.get("keys").fields().next().getValue().asText();
    assertThat(master.get("keys").fieldNames().next()).isEqualTo("ed25519:" + masterKey);
    for (String usage : List.of("self_signing", "user_signing")) {
      JsonNode sub = body.get(usage + "_key");
      assertThat(sub.get("user_id").asText()).isEqualTo(ME);
      assertThat(sub.get("usage")).extracting(JsonNode::asText).containsExactly(usage);
      SignedJson.verify(sub, ME, "ed25519:" + masterKey, masterKey);
    }
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.putObject("master_keys").set(ME, master);
    answer.putObject("self_signing_keys").set(ME, body.get("self_signing_key"));
    answer.putObject("user_signing_keys").set(ME, body.get("user_signing_key"));
    assertThat(CrossSigningIdentity.fromQuery(answer, ME)).isPresent();
    return masterKey;
  }

  /** Checks the signatures upload: our device, unchanged but for a valid signature by {@code selfSigningKey}. */
  private void checkDeviceSignature(JsonNode body, String selfSigningKey) {
    assertThat(body.fieldNames()).toIterable().containsExactly(ME);
    assertThat(body.get(ME).fieldNames()).toIterable().containsExactly(DEVICE);
    JsonNode signed = body.get(ME).get(DEVICE);
    SignedJson.verify(signed, ME, "ed25519:" + selfSigningKey, selfSigningKey);
    SignedJson.verify(signed, ME, "ed25519:" + DEVICE, account.ed25519Key());
    ObjectNode bare = ((ObjectNode) signed).deepCopy();
    bare.remove("signatures");
    ObjectNode ours = DeviceKeys.of(account, ME, DEVICE).json();
    ours.remove("signatures");
    assertThat(bare).isEqualTo(ours);
  }

  @Test
  void createsKeysAuthenticatesWithThePasswordAndSignsTheDevice() {
    answer(noKeysAnswer());
    answer(401, PASSWORD_CHALLENGE);
    answerEmpty();
    answer("{\"failures\":{}}");

    CrossSigning.Result result = crossSigning.bootstrap("bot-password");

    JsonNode query = body(take("POST", QUERY));
    assertThat(query.path("device_keys").path(ME).isArray()).isTrue();
    JsonNode first = body(take("POST", KEYS_UPLOAD));
    assertThat(first.has("auth")).isFalse();
    String masterKey = checkUploadedKeys(first);
    JsonNode second = body(take("POST", KEYS_UPLOAD));
    assertThat(second.get("auth")).isEqualTo(json("{\"type\":\"m.login.password\",\"session\":\"XS1\","
        + "\"identifier\":{\"type\":\"m.id.user\",\"user\":\"" + ME + "\"},\"password\":\"bot-password\"}"));
    ObjectNode retried = ((ObjectNode) second).deepCopy();
    retried.remove("auth");
    assertThat(retried).as("the same keys are sent again with auth").isEqualTo(first);
    String selfSigningKey = second.path("self_signing_key").path("keys").elements().next().asText();
    checkDeviceSignature(body(take("POST", SIGNATURES_UPLOAD)), selfSigningKey);
    assertThat(server.getRequestCount()).isEqualTo(4);

    assertThat(result.outcome()).isEqualTo(CrossSigning.Outcome.CREATED);
    assertThat(result.identity()).isEqualTo(new CrossSigningIdentity(ME, masterKey, selfSigningKey,
        second.path("user_signing_key").path("keys").elements().next().asText()));
    assertThat(storedPublicKey("master")).isEqualTo(masterKey);
    assertThat(storedPublicKey("self_signing")).isEqualTo(selfSigningKey);
    assertThat(storedPublicKey("user_signing")).isEqualTo(result.identity().userSigningKey());
  }

  @Test
  void withEverythingInPlaceOnlyTheQueryIsSent() {
    storeKeys(master, selfSigning, userSigning);
    answer(queryAnswer(master, selfSigning, userSigning, selfSigning));

    CrossSigning.Result result = crossSigning.bootstrap("bot-password");

    assertThat(result.outcome()).isEqualTo(CrossSigning.Outcome.UNCHANGED);
    assertThat(result.identity().masterKey()).isEqualTo(master.publicKey());
    take("POST", QUERY);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(storedPublicKey("master")).isEqualTo(master.publicKey());
  }

  @Test
  void signsTheDeviceWhenOnlyItsSignatureIsMissing() {
    storeKeys(master, selfSigning, userSigning);
    answer(queryAnswer(master, selfSigning, userSigning, null));
    answer("{}");

    CrossSigning.Result result = crossSigning.bootstrap(null);

    assertThat(result.outcome()).isEqualTo(CrossSigning.Outcome.DEVICE_SIGNED);
    take("POST", QUERY);
    checkDeviceSignature(body(take("POST", SIGNATURES_UPLOAD)), selfSigning.publicKey());
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aWrongPasswordSurfacesForbiddenAndTheStoredKeysArePublishedOnTheNextTry() {
    answer(noKeysAnswer());
    answer(401, PASSWORD_CHALLENGE);
    answer(401, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"Invalid username or password\",\"session\":\"XS1\","
        + "\"flows\":[{\"stages\":[\"m.login.password\"]}]}");

    assertThatThrownBy(() -> crossSigning.bootstrap("wrong-password"))
        .isInstanceOfSatisfying(InteractiveAuthException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
          assertThat(e.error()).isEqualTo("Invalid username or password");
        })
        .hasMessageContaining("keys/device_signing/upload").hasMessageNotContaining("wrong-password");
    take("POST", QUERY);
    String triedMaster = checkUploadedKeys(body(take("POST", KEYS_UPLOAD)));
    take("POST", KEYS_UPLOAD);
    assertThat(server.getRequestCount()).as("no device signature without the keys").isEqualTo(3);
    assertThat(storedPublicKey("master")).as("kept for the next try").isEqualTo(triedMaster);

    // This server takes a first upload without auth (as Synapse does since MSC3967).
    answer(noKeysAnswer());
    answerEmpty();
    answer("{\"failures\":{}}");

    CrossSigning.Result result = crossSigning.bootstrap("bot-password");

    assertThat(result.outcome()).isEqualTo(CrossSigning.Outcome.PUBLISHED);
    take("POST", QUERY);
    JsonNode upload = body(take("POST", KEYS_UPLOAD));
    assertThat(checkUploadedKeys(upload)).isEqualTo(triedMaster);
    assertThat(upload.has("auth")).isFalse();
    checkDeviceSignature(body(take("POST", SIGNATURES_UPLOAD)), result.identity().selfSigningKey());
    assertThat(server.getRequestCount()).isEqualTo(6);
  }

  @Test
  void aForeignMasterKeyIsNotReplacedUnlessAskedTo() {
    SigningKey foreign = SigningKey.generate();
    answer(queryAnswer(foreign, SigningKey.generate(), SigningKey.generate(), null));

    assertThatThrownBy(() -> crossSigning.bootstrap("bot-password"))
        .isInstanceOfSatisfying(CrossSigningConflictException.class, e -> {
          assertThat(e.serverMasterKey()).isEqualTo(foreign.publicKey());
          assertThat(e.storedMasterKey()).isEmpty();
        })
        .hasMessageContaining("another client set up cross-signing").hasMessageContaining("replace=true");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(store.scan(CrossSigning.STORE_KIND, "")).isEmpty();

    take("POST", QUERY);
    answer(queryAnswer(foreign, SigningKey.generate(), SigningKey.generate(), null));
    answer(401, PASSWORD_CHALLENGE);
    answerEmpty();
    answer("{\"failures\":{}}");

    CrossSigning.Result result = crossSigning.bootstrap("bot-password", true);

    assertThat(result.outcome()).isEqualTo(CrossSigning.Outcome.REPLACED);
    take("POST", QUERY);
    take("POST", KEYS_UPLOAD);
    String replacement = checkUploadedKeys(body(take("POST", KEYS_UPLOAD)));
    assertThat(replacement).isNotEqualTo(foreign.publicKey()).isEqualTo(result.identity().masterKey());
    checkDeviceSignature(body(take("POST", SIGNATURES_UPLOAD)), result.identity().selfSigningKey());
    assertThat(storedPublicKey("master")).isEqualTo(replacement);
  }

  @Test
  void aStoredMasterKeyOtherThanTheServersIsAConflictNamingBoth() {
    SigningKey stored = SigningKey.generate();
    storeKeys(stored, SigningKey.generate(), SigningKey.generate());
    SigningKey foreign = SigningKey.generate();
    answer(queryAnswer(foreign, SigningKey.generate(), SigningKey.generate(), null));

    assertThatThrownBy(() -> crossSigning.bootstrap("bot-password"))
        .isInstanceOfSatisfying(CrossSigningConflictException.class,
            e -> assertThat(e.storedMasterKey()).contains(stored.publicKey()))
        .hasMessageContaining(foreign.publicKey()).hasMessageContaining(stored.publicKey());
    assertThat(storedPublicKey("master")).isEqualTo(stored.publicKey());
  }

  @Test
  void aRefusedReplacementKeepsTheKeysThatAreStillTheServers() {
    storeKeys(master, selfSigning, userSigning);
    answer(queryAnswer(master, selfSigning, userSigning, selfSigning));
    answer(401, PASSWORD_CHALLENGE);
    answer(401, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"Invalid username or password\",\"session\":\"XS1\","
        + "\"flows\":[{\"stages\":[\"m.login.password\"]}]}");

    assertThatThrownBy(() -> crossSigning.bootstrap("wrong-password", true))
        .isInstanceOfSatisfying(InteractiveAuthException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN));

    assertThat(storedPublicKey("master")).isEqualTo(master.publicKey());
    assertThat(storedPublicKey("self_signing")).isEqualTo(selfSigning.publicKey());
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void subKeysOtherThanTheStoredOnesArePublishedAgainUnderOurMasterKey() {
    storeKeys(master, selfSigning, userSigning);
    answer(queryAnswer(master, SigningKey.generate(), userSigning, null));
    answerEmpty();
    answer("{}");

    CrossSigning.Result result = crossSigning.bootstrap("bot-password");

    assertThat(result.outcome()).isEqualTo(CrossSigning.Outcome.PUBLISHED);
    take("POST", QUERY);
    JsonNode upload = body(take("POST", KEYS_UPLOAD));
    assertThat(checkUploadedKeys(upload)).isEqualTo(master.publicKey());
    assertThat(upload.path("self_signing_key").path("keys").path(selfSigning.keyId()).asText())
        .isEqualTo(selfSigning.publicKey());
    checkDeviceSignature(body(take("POST", SIGNATURES_UPLOAD)), selfSigning.publicKey());
  }

  @Test
  void aRefusedDeviceSignatureSurfacesItsErrcode() {
    answer(noKeysAnswer());
    answerEmpty();
    answer("{\"failures\":{\"" + ME + "\":{\"" + DEVICE + "\":{\"errcode\":\"M_INVALID_SIGNATURE\","
        + "\"error\":\"Invalid signature\"}}}}");

    assertThatThrownBy(() -> crossSigning.bootstrap("bot-password"))
        .isInstanceOfSatisfying(MatrixException.class,
            e -> assertThat(e.errcode()).isEqualTo("M_INVALID_SIGNATURE"))
        .hasMessageContaining("keys/signatures/upload").hasMessageContaining("Invalid signature");
  }

  @Test
  void aRefusedKeyUploadSurfacesItsErrcode() {
    answer(noKeysAnswer());
    answerError(400, "M_INVALID_SIGNATURE");

    assertThatThrownBy(() -> crossSigning.bootstrap("bot-password"))
        .isInstanceOfSatisfying(MatrixException.class,
            e -> assertThat(e.errcode()).isEqualTo("M_INVALID_SIGNATURE"));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRefusedQuerySurfacesItsErrcodeAndChangesNothing() {
    answerError(403, "M_FORBIDDEN");

    assertThatThrownBy(() -> crossSigning.bootstrap("bot-password"))
        .isInstanceOfSatisfying(MatrixException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN));
    assertThat(store.scan(CrossSigning.STORE_KIND, "")).isEmpty();
  }

  @Test
  void refusesWhenTheServerHasNoKeysForThisDevice() {
    answer("{\"device_keys\":{\"" + ME + "\":{}},\"failures\":{}}");

    assertThatThrownBy(() -> crossSigning.bootstrap("bot-password")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no keys for device " + DEVICE).hasMessageContaining("uploadDeviceKeys");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(store.scan(CrossSigning.STORE_KIND, "")).isEmpty();
  }

  @Test
  void refusesToSignDeviceKeysThatAreNotThisAccounts() {
    OlmAccount other = OlmAccount.create();
    answer("{\"device_keys\":{\"" + ME + "\":{\"" + DEVICE + "\":" + DeviceKeys.of(other, ME, DEVICE).json()
        + "}},\"failures\":{}}");

    assertThatThrownBy(() -> crossSigning.bootstrap("bot-password")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("other keys for device " + DEVICE);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aStoreWithPartOfTheKeysIsAClearError() {
    store.put(CrossSigning.STORE_KIND, "master", SigningKey.generate().seed());
    answer(noKeysAnswer());

    assertThatThrownBy(() -> crossSigning.bootstrap("bot-password")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("missing [self_signing, user_signing]");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void readsAnotherUsersCheckedIdentity() {
    answer(queryAnswer(master, selfSigning, userSigning, selfSigning));

    CrossSigningIdentity identity = CrossSigning.identity(client, UserId.of(ME)).orElseThrow();

    assertThat(identity.masterKey()).isEqualTo(master.publicKey());
    assertThat(identity.selfSigningKey()).isEqualTo(selfSigning.publicKey());
    JsonNode query = body(take("POST", QUERY));
    assertThat(query.get("device_keys")).isEqualTo(json("{\"" + ME + "\":[]}"));

    answer(noKeysAnswer());
    assertThat(CrossSigning.identity(client, UserId.of(ME))).isEmpty();
  }
}

package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.crypto.CryptoException;
import dev.steward.client.crypto.DeviceKeys;
import dev.steward.client.crypto.OlmAccount;
import dev.steward.client.crypto.SignedJson;
import dev.steward.client.internal.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Device keys over the Client-Server API: upload, top-up, query and claim, with every signature checked. */
class KeysTest extends MockHomeserver {
  private static final String ME = "@bot:localhost";
  private static final String DEVICE = "BOTDEVICE";
  private final MatrixClient device = MatrixClient.builder().homeserver(server.url("/")).accessToken(Fixtures.TOKEN)
      .userId(UserId.of(ME)).deviceId(DEVICE).retryPolicy(RetryPolicy.NONE).build();
  private final OlmAccount account = OlmAccount.create();
  private final Keys keys = device.keys(account);

  @AfterEach
  void closeDevice() {
    device.close();
  }

  @Test
  void uploadSendsSignedDeviceKeysOneTimeKeysAndAFallbackKeyThenMarksThemPublished() {
    answer("{\"one_time_key_counts\":{\"signed_curve25519\":50}}");

    Map<String, Integer> counts = keys.uploadDeviceKeys();

    assertThat(counts).containsEntry("signed_curve25519", 50);
    JsonNode body = body(take("POST", "/_matrix/client/v3/keys/upload"));
    JsonNode dk = body.get("device_keys");
    assertThat(dk.get("user_id").asText()).isEqualTo(ME);
    assertThat(dk.get("device_id").asText()).isEqualTo(DEVICE);
    assertThat(dk.get("algorithms")).extracting(JsonNode::asText)
        .containsExactly("m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2");
    assertThat(dk.path("keys").path("curve25519:" + DEVICE).asText()).isEqualTo(account.curve25519Key());
    assertThat(dk.path("keys").path("ed25519:" + DEVICE).asText()).isEqualTo(account.ed25519Key());
    SignedJson.verify(dk, ME, "ed25519:" + DEVICE, account.ed25519Key());
    assertThat(DeviceKeys.verified(dk, ME, DEVICE).ed25519Key()).isEqualTo(account.ed25519Key());

    JsonNode oneTime = body.get("one_time_keys");
    assertThat(oneTime.size()).isEqualTo(Keys.TARGET_ONE_TIME_KEYS);
    oneTime.fields().forEachRemaining(e -> {
      assertThat(e.getKey()).startsWith("signed_curve25519:");
      assertThat(e.getValue().has("fallback")).isFalse();
      SignedJson.verify(e.getValue(), ME, "ed25519:" + DEVICE, account.ed25519Key());
    });
    JsonNode fallback = body.get("fallback_keys");
    assertThat(fallback.size()).isEqualTo(1);
    JsonNode fallbackKey = fallback.elements().next();
    assertThat(fallback.fieldNames().next()).startsWith("signed_curve25519:");
    assertThat(fallbackKey.get("fallback").asBoolean()).isTrue();
    SignedJson.verify(fallbackKey, ME, "ed25519:" + DEVICE, account.ed25519Key());

    assertThat(account.unpublishedOneTimeKeys()).isEmpty();
    assertThat(account.unpublishedFallbackKey()).isEmpty();
  }

  @Test
  void aRefusedUploadLeavesTheKeysUnpublishedAndSurfacesTheErrcode() {
    answerError(400, "M_INVALID_PARAM");

    MatrixException e = catchThrowableOfType(keys::uploadDeviceKeys, MatrixException.class);

    assertThat(e.errcode()).isEqualTo("M_INVALID_PARAM");
    assertThat(account.unpublishedOneTimeKeys()).hasSize(Keys.TARGET_ONE_TIME_KEYS);
    assertThat(account.unpublishedFallbackKey()).hasSize(1);
  }

  @Test
  void anUploadAnswerWithoutCountsIsATypedError() {
    answer("{}");

    MatrixException e = catchThrowableOfType(keys::uploadDeviceKeys, MatrixException.class);

    assertThat(e).hasMessageContaining("keys/upload").hasMessageContaining("one_time_key_counts");
  }

  @Test
  void topUpUploadsWhatKeepsHalfTheMaximumOnTheServerAndANewFallbackWhenTheOldWasUsed() {
    answer("{\"one_time_key_counts\":{\"signed_curve25519\":50}}");
    keys.uploadDeviceKeys();
    take("POST", "/_matrix/client/v3/keys/upload");

    answer("{\"one_time_key_counts\":{\"signed_curve25519\":50}}");
    int sent = keys.topUp(38, List.of());

    assertThat(sent).isEqualTo(12);
    JsonNode body = body(take("POST", "/_matrix/client/v3/keys/upload"));
    assertThat(body.has("device_keys")).isFalse();
    assertThat(body.get("one_time_keys").size()).isEqualTo(12);
    assertThat(body.get("fallback_keys").size()).isEqualTo(1);
    assertThat(body.get("fallback_keys").elements().next().get("fallback").asBoolean()).isTrue();
  }

  @Test
  void topUpWithEnoughKeysAndAnUnusedFallbackMakesNoCall() {
    answer("{\"one_time_key_counts\":{\"signed_curve25519\":50}}");
    keys.uploadDeviceKeys();
    take("POST", "/_matrix/client/v3/keys/upload");

    assertThat(keys.topUp(50, Set.of("signed_curve25519"))).isZero();
    assertThat(keys.topUp(60, null)).isZero();

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void topUpResendsKeysAFailedUploadLeftBehindWithoutMakingMore() {
    answerError(502, "M_UNKNOWN");
    catchThrowableOfType(() -> keys.topUp(0, Set.of()), MatrixException.class);
    take("POST", "/_matrix/client/v3/keys/upload");

    answer("{\"one_time_key_counts\":{\"signed_curve25519\":50}}");
    assertThat(keys.topUp(0, Set.of())).isEqualTo(Keys.TARGET_ONE_TIME_KEYS);
    JsonNode body = body(take("POST", "/_matrix/client/v3/keys/upload"));
    assertThat(body.get("one_time_keys").size()).isEqualTo(Keys.TARGET_ONE_TIME_KEYS);
    assertThat(body.get("fallback_keys").size()).isEqualTo(1);
  }

  @Test
  void queryReturnsVerifiedDevicesAndRefusesForgedOrMisplacedOnes() {
    OlmAccount alice = OlmAccount.create();
    OlmAccount mallory = OlmAccount.create();
    ObjectNode good = DeviceKeys.of(alice, "@alice:localhost", "ALICE1").json();
    ObjectNode tampered = DeviceKeys.of(alice, "@alice:localhost", "ALICE2").json();
    ((ObjectNode) tampered.get("keys")).put("curve25519:ALICE2", mallory.curve25519Key());
    ObjectNode misplaced = DeviceKeys.of(mallory, "@alice:localhost", "OTHER").json();
    ObjectNode unsigned = DeviceKeys.of(alice, "@alice:localhost", "ALICE3").json();
    unsigned.remove("signatures");
    ObjectNode noKeys = DeviceKeys.of(alice, "@alice:localhost", "ALICE4").json();
    noKeys.remove("keys");
    ObjectNode answer = Json.mapper().createObjectNode();
    ObjectNode aliceDevices = answer.putObject("device_keys").putObject("@alice:localhost");
    aliceDevices.set("ALICE1", good);
    aliceDevices.set("ALICE2", tampered);
    aliceDevices.set("MISPLACED", misplaced);
    aliceDevices.set("ALICE3", unsigned);
    aliceDevices.set("ALICE4", noKeys);
    answer.putObject("failures").putObject("remote.example").put("status", 503);
    answer(answer.toString());

    Keys.KeyQuery result = keys.query(List.of(UserId.of("@alice:localhost"), UserId.of("@nobody:localhost")));

    JsonNode body = body(take("POST", "/_matrix/client/v3/keys/query"));
    assertThat(body.path("device_keys").path("@alice:localhost").isArray()).isTrue();
    assertThat(body.path("device_keys").path("@alice:localhost").size()).isZero();
    assertThat(body.path("device_keys").has("@nobody:localhost")).isTrue();
    assertThat(result.devices().get(UserId.of("@alice:localhost"))).containsOnlyKeys("ALICE1");
    DeviceKeys dk = result.devices().get(UserId.of("@alice:localhost")).get("ALICE1");
    assertThat(dk.curve25519Key()).isEqualTo(alice.curve25519Key());
    assertThat(dk.ed25519Key()).isEqualTo(alice.ed25519Key());
    assertThat(result.devices().get(UserId.of("@nobody:localhost"))).isEmpty();
    assertThat(result.refused()).extracting(Keys.Refused::deviceId, r -> r.error().reason()).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("ALICE2", CryptoException.Reason.BAD_SIGNATURE),
        org.assertj.core.groups.Tuple.tuple("MISPLACED", CryptoException.Reason.MISADDRESSED),
        org.assertj.core.groups.Tuple.tuple("ALICE3", CryptoException.Reason.BAD_SIGNATURE),
        org.assertj.core.groups.Tuple.tuple("ALICE4", CryptoException.Reason.MALFORMED));
    assertThat(result.failures()).containsOnlyKeys("remote.example");
  }

  @Test
  void aDeviceListedUnderAnotherUserIsRefused() {
    OlmAccount mallory = OlmAccount.create();
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.putObject("device_keys").putObject("@alice:localhost")
        .set("DEV", DeviceKeys.of(mallory, "@mallory:localhost", "DEV").json());
    answer(answer.toString());

    Keys.KeyQuery result = keys.query(List.of(UserId.of("@alice:localhost")));

    assertThat(result.devices().get(UserId.of("@alice:localhost"))).isEmpty();
    assertThat(result.refused()).singleElement()
        .satisfies(r -> assertThat(r.error().reason()).isEqualTo(CryptoException.Reason.MISADDRESSED));
  }

  @Test
  void aQueryAnswerWithoutDeviceKeysIsATypedErrorAndARefusalKeepsItsErrcode() {
    answer("{\"failures\":{}}");
    assertThat(catchThrowableOfType(() -> keys.query(List.of(UserId.of("@a:localhost"))), MatrixException.class))
        .hasMessageContaining("device_keys");

    answerError(403, "M_FORBIDDEN");
    assertThat(catchThrowableOfType(() -> keys.query(List.of(UserId.of("@a:localhost"))), MatrixException.class)
        .errcode()).isEqualTo("M_FORBIDDEN");
  }

  @Test
  void claimAsksOneSignedCurveKeyPerDeviceAndVerifiesEachAgainstItsDevice() {
    OlmAccount alice = OlmAccount.create();
    OlmAccount bob = OlmAccount.create();
    OlmAccount carol = OlmAccount.create();
    DeviceKeys aliceDevice = DeviceKeys.of(alice, "@alice:localhost", "ALICE");
    DeviceKeys bobDevice = DeviceKeys.of(bob, "@bob:localhost", "BOB");
    DeviceKeys carolDevice = DeviceKeys.of(carol, "@carol:localhost", "CAROL");
    DeviceKeys daveDevice = DeviceKeys.of(OlmAccount.create(), "@alice:localhost", "DAVE");
    alice.generateOneTimeKeys(1);
    String aliceKey = alice.unpublishedOneTimeKeys().values().iterator().next();
    bob.generateFallbackKey();
    String bobKey = bob.unpublishedFallbackKey().values().iterator().next();
    ObjectNode answer = Json.mapper().createObjectNode();
    ObjectNode otk = answer.putObject("one_time_keys");
    otk.putObject("@alice:localhost").putObject("ALICE").set("signed_curve25519:AAAAAQ",
        DeviceKeys.signedKey(alice, "@alice:localhost", "ALICE", aliceKey, false));
    otk.putObject("@bob:localhost").putObject("BOB").set("signed_curve25519:AAAAAg",
        DeviceKeys.signedKey(bob, "@bob:localhost", "BOB", bobKey, true));
    // Carol's key signed by someone else: refused.
    otk.putObject("@carol:localhost").putObject("CAROL").set("signed_curve25519:AAAAAw",
        DeviceKeys.signedKey(bob, "@carol:localhost", "CAROL", bobKey, false));
    answer(answer.toString());

    Keys.KeyClaim result = keys.claim(List.of(aliceDevice, bobDevice, carolDevice, daveDevice));

    RecordedRequest request = take("POST", "/_matrix/client/v3/keys/claim");
    JsonNode body = body(request);
    assertThat(body.path("one_time_keys").path("@alice:localhost").path("ALICE").asText())
        .isEqualTo("signed_curve25519");
    assertThat(body.path("one_time_keys").path("@alice:localhost").path("DAVE").asText())
        .isEqualTo("signed_curve25519");
    assertThat(body.path("one_time_keys").path("@bob:localhost").path("BOB").asText()).isEqualTo("signed_curve25519");
    assertThat(result.keys()).extracting(Keys.ClaimedKey::keyId, Keys.ClaimedKey::key, Keys.ClaimedKey::fallback)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("signed_curve25519:AAAAAQ", aliceKey, false),
            org.assertj.core.groups.Tuple.tuple("signed_curve25519:AAAAAg", bobKey, true));
    assertThat(result.refused()).singleElement().satisfies(r -> {
      assertThat(r.deviceId()).isEqualTo("CAROL");
      assertThat(r.error().reason()).isEqualTo(CryptoException.Reason.BAD_SIGNATURE);
    });
    assertThat(result.none()).containsExactly(daveDevice);
  }

  @Test
  void aClaimedKeyWithoutKeyIsRefusedAsMalformedAndAMissingObjectIsATypedError() {
    OlmAccount alice = OlmAccount.create();
    DeviceKeys aliceDevice = DeviceKeys.of(alice, "@alice:localhost", "ALICE");
    answer("{\"one_time_keys\":{\"@alice:localhost\":{\"ALICE\":{\"signed_curve25519:AAAAAQ\":{\"nokey\":1}}}}}");

    Keys.KeyClaim result = keys.claim(List.of(aliceDevice));

    assertThat(result.keys()).isEmpty();
    assertThat(result.refused()).singleElement()
        .satisfies(r -> assertThat(r.error().reason()).isEqualTo(CryptoException.Reason.MALFORMED));

    answer("{}");
    assertThat(catchThrowableOfType(() -> keys.claim(List.of(aliceDevice)), MatrixException.class))
        .hasMessageContaining("one_time_keys");
  }

  @Test
  void keysNeedADeviceId() {
    assertThat(catchThrowableOfType(() -> client.keys(account), IllegalStateException.class))
        .hasMessageContaining("device id");
  }
}

package dev.steward.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * Cross-signing keys: {@link SigningKey} signs as the specification's signing vectors say, and
 * {@link CrossSigningIdentity} accepts a {@code /keys/query} answer only when every key is well formed, addressed to
 * its user and usage, and signed as the specification requires.
 */
class CrossSigningIdentityTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SPEC_SEED = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";
  private static final String ALICE = "@alice:localhost";

  private final SigningKey master = SigningKey.generate();
  private final SigningKey selfSigning = SigningKey.generate();
  private final SigningKey userSigning = SigningKey.generate();
  private final OlmAccount device = OlmAccount.create();

  static ObjectNode keyObject(String userId, String usage, SigningKey key) {
    ObjectNode object = MAPPER.createObjectNode().put("user_id", userId);
    object.putArray("usage").add(usage);
    object.putObject("keys").put(key.keyId(), key.publicKey());
    return object;
  }

  /** A {@code /keys/query} answer for Alice with her three keys, each sub-key signed by {@code signer}. */
  private ObjectNode answer(SigningKey signer) {
    ObjectNode answer = MAPPER.createObjectNode();
    answer.putObject("master_keys").set(ALICE, keyObject(ALICE, "master", master));
    answer.putObject("self_signing_keys").set(ALICE, signer.sign(keyObject(ALICE, "self_signing", selfSigning), ALICE));
    answer.putObject("user_signing_keys").set(ALICE, signer.sign(keyObject(ALICE, "user_signing", userSigning), ALICE));
    return answer;
  }

  private static CryptoException.Reason reasonOf(Throwable e) {
    return ((CryptoException) e).reason();
  }

  @Test
  void aSigningKeySignsAsTheSpecificationsVectorsSayAndKeepsOtherSignatures() {
    SigningKey spec = SigningKey.fromSeed(SPEC_SEED);
    ObjectNode empty = spec.sign(MAPPER.createObjectNode(), "domain");
    assertThat(empty.path("signatures").path("domain").path(spec.keyId()).asText())
        .isEqualTo("K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ");

    ObjectNode object = MAPPER.createObjectNode().put("one", 1);
    object.putObject("signatures").putObject(ALICE).put("ed25519:DEV", "kept");
    object.putObject("unsigned").put("age", 5);
    master.sign(object, ALICE);
    assertThat(object.path("signatures").path(ALICE).path("ed25519:DEV").asText()).isEqualTo("kept");
    SignedJson.verify(object, ALICE, master.keyId(), master.publicKey());
    assertThat(master.keyId()).isEqualTo("ed25519:" + master.publicKey());
  }

  @Test
  void aSigningKeyComesBackFromItsSeedAndNeverShowsIt() {
    SigningKey again = SigningKey.fromSeed(master.seed());
    assertThat(again.publicKey()).isEqualTo(master.publicKey());
    assertThat(master.toString()).contains(master.publicKey()).doesNotContain(master.seed());
    assertThatThrownBy(() -> SigningKey.fromSeed("%%%")).isInstanceOf(CryptoException.class)
        .extracting(CrossSigningIdentityTest::reasonOf).isEqualTo(CryptoException.Reason.BAD_STATE);
    assertThatThrownBy(() -> SigningKey.fromSeed("AAAA")).isInstanceOf(CryptoException.class)
        .hasMessageContaining("32 bytes, not 3");
  }

  @Test
  void readsTheKeysOfAUserWhoseSubKeysTheMasterKeySigned() {
    CrossSigningIdentity identity = CrossSigningIdentity.fromQuery(answer(master), ALICE).orElseThrow();

    assertThat(identity).isEqualTo(new CrossSigningIdentity(ALICE, master.publicKey(), selfSigning.publicKey(),
        userSigning.publicKey()));
    assertThat(CrossSigningIdentity.fromQuery(answer(master), "@bob:localhost")).isEmpty();
    assertThat(CrossSigningIdentity.masterKeyOf(answer(master), ALICE)).contains(master.publicKey());
  }

  @Test
  void anotherUsersAnswerWithoutTheirUserSigningKeyIsRead() {
    ObjectNode answer = answer(master);
    answer.remove("user_signing_keys");

    CrossSigningIdentity identity = CrossSigningIdentity.fromQuery(answer, ALICE).orElseThrow();

    assertThat(identity.userSigningKey()).isNull();
    assertThat(identity.selfSigningKey()).isEqualTo(selfSigning.publicKey());
  }

  @Test
  void refusesSubKeysThatTheMasterKeyDidNotSign() {
    assertThatThrownBy(() -> CrossSigningIdentity.fromQuery(answer(SigningKey.generate()), ALICE))
        .isInstanceOf(CryptoException.class).extracting(CrossSigningIdentityTest::reasonOf)
        .isEqualTo(CryptoException.Reason.BAD_SIGNATURE);

    ObjectNode unsigned = answer(master);
    unsigned.putObject("self_signing_keys").set(ALICE, keyObject(ALICE, "self_signing", selfSigning));
    assertThatThrownBy(() -> CrossSigningIdentity.fromQuery(unsigned, ALICE)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("no signature by " + ALICE + " with " + master.keyId());

    ObjectNode swapped = answer(master);
    ((ObjectNode) swapped.path("self_signing_keys").path(ALICE).path("keys")).removeAll()
        .put(userSigning.keyId(), userSigning.publicKey());
    assertThatThrownBy(() -> CrossSigningIdentity.fromQuery(swapped, ALICE)).isInstanceOf(CryptoException.class)
        .extracting(CrossSigningIdentityTest::reasonOf).isEqualTo(CryptoException.Reason.BAD_SIGNATURE);
  }

  @Test
  void refusesKeysForAnotherUserOrUsage() {
    ObjectNode otherUser = answer(master);
    otherUser.putObject("master_keys").set(ALICE, keyObject("@eve:localhost", "master", master));
    assertThatThrownBy(() -> CrossSigningIdentity.fromQuery(otherUser, ALICE)).isInstanceOf(CryptoException.class)
        .extracting(CrossSigningIdentityTest::reasonOf).isEqualTo(CryptoException.Reason.MISADDRESSED);

    ObjectNode wrongUsage = answer(master);
    wrongUsage.putObject("self_signing_keys").set(ALICE,
        master.sign(keyObject(ALICE, "user_signing", selfSigning), ALICE));
    assertThatThrownBy(() -> CrossSigningIdentity.fromQuery(wrongUsage, ALICE)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("not marked for usage self_signing");
  }

  @Test
  void refusesMalformedKeyObjects() {
    ObjectNode misfiled = answer(master);
    ObjectNode keys = (ObjectNode) misfiled.path("master_keys").path(ALICE).path("keys");
    keys.removeAll().put("ed25519:someotherid", master.publicKey());
    assertThatThrownBy(() -> CrossSigningIdentity.fromQuery(misfiled, ALICE)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("filed under its own id");

    ObjectNode twoKeys = answer(master);
    ((ObjectNode) twoKeys.path("master_keys").path(ALICE).path("keys")).put(userSigning.keyId(),
        userSigning.publicKey());
    assertThatThrownBy(() -> CrossSigningIdentity.fromQuery(twoKeys, ALICE)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("exactly one key");

    ObjectNode notAnObject = answer(master);
    notAnObject.putObject("master_keys").put(ALICE, "a string");
    assertThatThrownBy(() -> CrossSigningIdentity.fromQuery(notAnObject, ALICE)).isInstanceOf(CryptoException.class)
        .extracting(CrossSigningIdentityTest::reasonOf).isEqualTo(CryptoException.Reason.MALFORMED);
  }

  @Test
  void aDeviceIsCrossSignedOnlyWithAValidSignatureByTheUsersSelfSigningKey() {
    CrossSigningIdentity identity = CrossSigningIdentity.fromQuery(answer(master), ALICE).orElseThrow();
    DeviceKeys plain = DeviceKeys.of(device, ALICE, "ADEVICE");
    ObjectNode signed = selfSigning.sign(plain.json(), ALICE);
    DeviceKeys crossSigned = DeviceKeys.verified(signed, ALICE, "ADEVICE");

    assertThat(identity.isCrossSigned(crossSigned)).isTrue();
    assertThat(identity.isCrossSigned(plain)).isFalse();
    assertThatThrownBy(() -> identity.verifyDevice(plain)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("no signature by " + ALICE + " with " + selfSigning.keyId());

    // Signed by the master key instead, or changed after signing: refused.
    DeviceKeys byMaster = DeviceKeys.verified(master.sign(plain.json(), ALICE), ALICE, "ADEVICE");
    assertThat(identity.isCrossSigned(byMaster)).isFalse();
    ObjectNode tampered = signed.deepCopy();
    ((ObjectNode) tampered.path("keys")).put("curve25519:ADEVICE", OlmAccount.create().curve25519Key());
    DeviceKeys forged = new DeviceKeys(ALICE, "ADEVICE", plain.algorithms(), plain.curve25519Key(),
        plain.ed25519Key(), tampered);
    assertThatThrownBy(() -> identity.verifyDevice(forged)).isInstanceOf(CryptoException.class)
        .extracting(CrossSigningIdentityTest::reasonOf).isEqualTo(CryptoException.Reason.BAD_SIGNATURE);

    // Bob's device, even signed with Alice's key, is not one of Alice's devices.
    DeviceKeys bobs = DeviceKeys.verified(selfSigning.sign(DeviceKeys.of(device, "@bob:localhost", "B").json(),
        "@bob:localhost"), "@bob:localhost", "B");
    assertThatThrownBy(() -> identity.verifyDevice(bobs)).isInstanceOf(CryptoException.class)
        .extracting(CrossSigningIdentityTest::reasonOf).isEqualTo(CryptoException.Reason.MISADDRESSED);
  }

  @Test
  void aUserWithoutASelfSigningKeyHasNoCrossSignedDevice() {
    ObjectNode answer = answer(master);
    answer.remove("self_signing_keys");
    CrossSigningIdentity identity = CrossSigningIdentity.fromQuery(answer, ALICE).orElseThrow();

    DeviceKeys device = DeviceKeys.verified(selfSigning.sign(DeviceKeys.of(this.device, ALICE, "D").json(), ALICE),
        ALICE, "D");
    assertThatThrownBy(() -> identity.verifyDevice(device)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("has no self-signing key");
  }
}

package dev.steward.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Account keys: identity keys, one-time keys, the fallback key, signing and the account's state. */
class OlmAccountTest {
  @Test
  void identityKeysAreUnpaddedBase64Of32Bytes() {
    OlmAccount account = OlmAccount.create();
    assertThat(account.curve25519Key()).hasSize(43).doesNotContain("=");
    assertThat(account.ed25519Key()).hasSize(43).doesNotContain("=");
    assertThat(UnpaddedBase64.decode(account.curve25519Key())).hasSize(32);
  }

  @Test
  void oneTimeKeysHaveLibolmStyleIdsAndStopBeingUnpublishedOncePublished() {
    OlmAccount account = OlmAccount.create();
    account.generateOneTimeKeys(2);
    Map<String, String> keys = account.unpublishedOneTimeKeys();
    assertThat(keys.keySet()).containsExactly("AAAAAQ", "AAAAAg");
    account.markKeysAsPublished();
    assertThat(account.unpublishedOneTimeKeys()).isEmpty();
    assertThat(account.oneTimeKeyCount()).isEqualTo(2);
    account.generateOneTimeKeys(1);
    assertThat(account.unpublishedOneTimeKeys().keySet()).containsExactly("AAAAAw");
  }

  @Test
  void markingTheKeysOfAnUploadPublishedLeavesKeysMadeSinceUnpublished() {
    OlmAccount account = OlmAccount.create();
    account.generateOneTimeKeys(2);
    account.generateFallbackKey();
    java.util.List<String> sent = new java.util.ArrayList<>(account.unpublishedOneTimeKeys().keySet());
    sent.addAll(account.unpublishedFallbackKey().keySet());
    account.generateOneTimeKeys(1); // while the upload was under way

    account.markKeysAsPublished(sent);

    assertThat(account.unpublishedOneTimeKeys()).hasSize(1)
        .satisfies(k -> assertThat(sent).doesNotContainAnyElementsOf(k.keySet()));
    assertThat(account.oneTimeKeyCount()).isEqualTo(3);
    assertThat(account.unpublishedFallbackKey()).isEmpty();
  }

  @Test
  void oneTimeKeysAreCappedOldestFirst() {
    OlmAccount account = OlmAccount.create();
    account.generateOneTimeKeys(OlmAccount.MAX_ONE_TIME_KEYS + 3);
    assertThat(account.oneTimeKeyCount()).isEqualTo(OlmAccount.MAX_ONE_TIME_KEYS);
    assertThat(account.unpublishedOneTimeKeys()).doesNotContainKey("AAAAAQ").containsKey("AAAAZw");
    assertThatThrownBy(() -> account.generateOneTimeKeys(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void replacedFallbackKeyServesUntilForgotten() {
    OlmAccount bob = OlmAccount.create();
    bob.generateFallbackKey();
    String oldKey = bob.unpublishedFallbackKey().values().iterator().next();
    bob.markKeysAsPublished();
    assertThat(bob.unpublishedFallbackKey()).isEmpty();
    bob.generateFallbackKey();
    assertThat(bob.unpublishedFallbackKey()).hasSize(1).doesNotContainValue(oldKey);

    OlmAccount alice = OlmAccount.create();
    OlmMessage viaOld = alice.createOutboundSession(bob.curve25519Key(), oldKey).encrypt("old");
    assertThat(bob.createInboundSession(alice.curve25519Key(), viaOld).plaintext()).isEqualTo("old");
    assertThat(bob.createInboundSession(alice.curve25519Key(), viaOld).plaintext())
        .as("a fallback key is not used up").isEqualTo("old");
    bob.forgetOldFallbackKey();
    assertThatThrownBy(() -> bob.createInboundSession(alice.curve25519Key(), viaOld))
        .isInstanceOf(CryptoException.class).hasMessageContaining("UNKNOWN_SESSION");
  }

  @Test
  void signaturesVerifyWithTheEd25519Key() {
    OlmAccount account = OlmAccount.create();
    String signature = account.sign("message");
    SignedJson.verifyEd25519(account.ed25519Key(), "message".getBytes(StandardCharsets.UTF_8), signature);
    assertThatThrownBy(() -> SignedJson.verifyEd25519(account.ed25519Key(),
        "massage".getBytes(StandardCharsets.UTF_8), signature)).isInstanceOf(CryptoException.class);
  }

  @Test
  void badKeysForAnOutboundSessionAreMalformed() {
    OlmAccount account = OlmAccount.create();
    assertThatThrownBy(() -> account.createOutboundSession("AAAA", account.curve25519Key()))
        .isInstanceOf(CryptoException.class).hasMessageContaining("MALFORMED");
    assertThatThrownBy(() -> account.createOutboundSession(account.curve25519Key(), "!!"))
        .isInstanceOf(CryptoException.class).hasMessageContaining("MALFORMED");
  }

  @Test
  void stateRoundTripKeepsIdentityOneTimeAndFallbackKeys() {
    OlmAccount bob = OlmAccount.create();
    bob.generateOneTimeKeys(3);
    bob.generateFallbackKey();
    bob.markKeysAsPublished();
    bob.generateFallbackKey();
    bob.generateOneTimeKeys(1);
    String oneTimeKey = bob.unpublishedOneTimeKeys().values().iterator().next();

    OlmAccount restored = OlmAccount.fromState(bob.toState());
    assertThat(restored.toState()).isEqualTo(bob.toState());
    assertThat(restored.curve25519Key()).isEqualTo(bob.curve25519Key());
    assertThat(restored.ed25519Key()).isEqualTo(bob.ed25519Key());
    assertThat(restored.unpublishedOneTimeKeys()).isEqualTo(bob.unpublishedOneTimeKeys());
    assertThat(restored.unpublishedFallbackKey()).isEqualTo(bob.unpublishedFallbackKey());
    assertThat(restored.sign("x")).isEqualTo(bob.sign("x"));

    OlmAccount alice = OlmAccount.create();
    OlmMessage first = alice.createOutboundSession(bob.curve25519Key(), oneTimeKey).encrypt("hi");
    assertThat(restored.createInboundSession(alice.curve25519Key(), first).plaintext()).isEqualTo("hi");
    restored.generateOneTimeKeys(1);
    assertThat(restored.unpublishedOneTimeKeys()).containsKey("AAAABw");
  }
}

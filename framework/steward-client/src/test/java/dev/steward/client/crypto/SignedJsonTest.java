package dev.steward.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Canonical JSON and JSON signing against the Matrix specification's appendix (its canonical JSON examples and its
 * "signing JSON" test vectors with the seed {@code YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1}).
 */
class SignedJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SPEC_SEED = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";

  private static String canonical(String json) throws Exception {
    return CanonicalJson.encode(MAPPER.readTree(json));
  }

  @Test
  void canonicalJsonMatchesTheSpecificationsExamples() throws Exception {
    assertThat(canonical("{}")).isEqualTo("{}");
    assertThat(canonical("{\"one\": 1, \"two\": \"Two\"}")).isEqualTo("{\"one\":1,\"two\":\"Two\"}");
    assertThat(canonical("{\"b\": \"2\", \"a\": \"1\"}")).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(canonical("{\"auth\": {\"success\": true, \"mxid\": \"@john.doe:example.com\", \"profile\": "
        + "{\"display_name\": \"John Doe\", \"three_pids\": [{\"medium\": \"email\", \"address\": \"john.doe@example.org\"},"
        + " {\"medium\": \"msisdn\", \"address\": \"123456789\"}]}}}"))
        .isEqualTo("{\"auth\":{\"mxid\":\"@john.doe:example.com\",\"profile\":{\"display_name\":\"John Doe\",\"three_pids\":"
            + "[{\"address\":\"john.doe@example.org\",\"medium\":\"email\"},{\"address\":\"123456789\",\"medium\":\"msisdn\"}]},"
            + "\"success\":true}}");
    assertThat(canonical("{\"a\": \"日本語\"}")).isEqualTo("{\"a\":\"日本語\"}");
    assertThat(canonical("{\"本\": 2, \"日\": 1}")).isEqualTo("{\"日\":1,\"本\":2}");
    assertThat(canonical("{\"a\": \"\\u65E5\"}")).isEqualTo("{\"a\":\"日\"}");
    assertThat(canonical("{\"a\": null}")).isEqualTo("{\"a\":null}");
  }

  @Test
  void canonicalJsonEscapesOnlyWhatJsonRequires() throws Exception {
    assertThat(canonical("{\"a\": \"q\\\" b\\\\ n\\n t\\t c\\u0001 s/\"}"))
        .isEqualTo("{\"a\":\"q\\\" b\\\\ n\\n t\\t c\\u0001 s/\"}");
    assertThat(canonical("{\"a\": \"\\u001F\"}")).isEqualTo("{\"a\":\"\\u001f\"}");
    // Code point order, not UTF-16 order: U+1F600 (a surrogate pair) sorts after U+FF21.
    assertThat(canonical("{\"\\uD83D\\uDE00\": 1, \"\\uFF21\": 2}")).isEqualTo("{\"Ａ\":2,\"😀\":1}");
  }

  @Test
  void canonicalJsonRefusesFractionsAndIntegersBeyondTwoToThe53() throws Exception {
    assertThatThrownBy(() -> canonical("{\"a\": 1.5}")).isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.MALFORMED);
    assertThat(canonical("{\"a\": -9007199254740991}")).isEqualTo("{\"a\":-9007199254740991}");
    assertThatThrownBy(() -> canonical("{\"a\": 9007199254740992}")).isInstanceOf(CryptoException.class)
        .hasMessageContaining("2^53-1");
  }

  @Test
  void signaturesMatchTheSpecificationsSigningVectors() throws Exception {
    Ed25519Pair key = Ed25519Pair.fromSeed(UnpaddedBase64.decode(SPEC_SEED));
    assertThat(UnpaddedBase64.encode(key.sign(canonical("{}").getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ");
    assertThat(UnpaddedBase64.encode(key.sign(canonical("{\"one\": 1, \"two\": \"Two\"}").getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw");

    // The specification's signed object verifies; its signature lies outside what is signed, as does "unsigned".
    ObjectNode signed = (ObjectNode) MAPPER.readTree("{\"one\": 1, \"two\": \"Two\", \"unsigned\": {\"age_ts\": 1}, "
        + "\"signatures\": {\"domain\": {\"ed25519:1\": "
        + "\"KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw\"}}}");
    SignedJson.verify(signed, "domain", "ed25519:1", key.publicBase64());
  }

  @Test
  void signAddsTheSignatureThatVerifyChecksAndRefusesTampering() {
    OlmAccount account = OlmAccount.create();
    ObjectNode keys = MAPPER.createObjectNode().put("user_id", "@bot:localhost").put("device_id", "DEV");
    keys.putObject("signatures").putObject("@other:localhost").put("ed25519:X", "kept");
    SignedJson.sign(keys, "@bot:localhost", "DEV", account);
    assertThat(keys.at("/signatures/@other:localhost/ed25519:X").asText()).isEqualTo("kept");
    SignedJson.verify(keys, "@bot:localhost", "ed25519:DEV", account.ed25519Key());

    ObjectNode tampered = keys.deepCopy().put("device_id", "EVE");
    assertThatThrownBy(() -> SignedJson.verify(tampered, "@bot:localhost", "ed25519:DEV", account.ed25519Key()))
        .isInstanceOf(CryptoException.class).extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.BAD_SIGNATURE);
    assertThatThrownBy(() -> SignedJson.verify(keys, "@bot:localhost", "ed25519:OTHER", account.ed25519Key()))
        .isInstanceOf(CryptoException.class).hasMessageContaining("no signature by @bot:localhost with ed25519:OTHER");
    assertThatThrownBy(() -> SignedJson.verify(keys, "@bot:localhost", "ed25519:DEV", OlmAccount.create().ed25519Key()))
        .isInstanceOf(CryptoException.class).extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.BAD_SIGNATURE);
    assertThatThrownBy(() -> SignedJson.verifyEd25519("%%%", new byte[0], "AA")).isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason()).isEqualTo(CryptoException.Reason.BAD_SIGNATURE);
  }
}

package dev.steward.client.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Our own serialised form of accounts and sessions (not libolm's pickles): a JSON object with a {@code type}, a
 * {@code version} and the key material as unpadded base64. It holds private keys: the store that keeps it must
 * encrypt it at rest.
 */
final class State {
  static final int VERSION = 1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private State() {}

  static ObjectNode start(String type) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("type", type);
    node.put("version", VERSION);
    return node;
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String write(ObjectNode node) {
    return node.toString();
  }

  /** Parses and checks type and version. */
  static JsonNode read(String text, String type) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text == null ? "" : text);
    } catch (JsonProcessingException e) {
      throw bad("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw bad("not a JSON object");
    }
    if (!type.equals(node.path("type").asText())) {
      throw bad("a " + node.path("type").asText("(untyped)") + " state where a " + type + " was expected");
    }
    if (node.path("version").asInt(-1) != VERSION) {
      throw bad("state version " + node.path("version") + " is not " + VERSION);
    }
    return node;
  }

  static byte[] bytes(JsonNode node, String field, int length) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw bad("no " + field);
    }
    byte[] bytes;
    try {
      bytes = UnpaddedBase64.decode(value.asText());
    } catch (CryptoException e) {
      throw bad(field + " is not base64");
    }
    if (length >= 0 && bytes.length != length) {
      throw bad(field + " has " + bytes.length + " bytes, not " + length);
    }
    return bytes;
  }

  static long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong()) {
      throw bad("no " + field);
    }
    return value.asLong();
  }

  static boolean flag(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isBoolean()) {
      throw bad("no " + field);
    }
    return value.asBoolean();
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw bad("no " + field);
    }
    return value.asText();
  }

  static JsonNode array(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw bad("no " + field);
    }
    return value;
  }

  static String b64(byte[] bytes) {
    return UnpaddedBase64.encode(bytes);
  }

  static CryptoException bad(String why) {
    return new CryptoException(CryptoException.Reason.BAD_STATE, why);
  }
}

package dev.steward.client.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading the JSON of event contents and decrypted payloads, with {@code MALFORMED} naming the bad field. */
final class Payloads {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Payloads() {}

  static JsonNode parseObject(String json, String what) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw Proto.malformed(what + " is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw Proto.malformed(what + " is not a JSON object");
    }
    return node;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw Proto.malformed(field + " is missing or not a string");
    }
    return value.asText();
  }

  static JsonNode object(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isObject()) {
      throw Proto.malformed(field + " is missing or not an object");
    }
    return value;
  }
}

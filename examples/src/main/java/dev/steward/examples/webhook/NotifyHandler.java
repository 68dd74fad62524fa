package dev.steward.examples.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Handles {@code POST /notify}: checks the token, reads the JSON body, posts the notice. */
final class NotifyHandler implements HttpHandler {
  private static final int MAX_BODY = 64 * 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final byte[] expected;
  private final MatrixClient client;

  NotifyHandler(String token, MatrixClient client) {
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.client = client;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        respond(exchange, 405, "use POST");
        return;
      }
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      // Constant-time comparison, so the token cannot be guessed a byte at a time from response times.
      if (auth == null || !MessageDigest.isEqual(expected, auth.getBytes(StandardCharsets.UTF_8))) {
        respond(exchange, 401, "missing or wrong token (send Authorization: Bearer <token>)");
        return;
      }
      byte[] body = readBody(exchange.getRequestBody());
      if (body == null) {
        respond(exchange, 413, "body larger than " + MAX_BODY + " bytes");
        return;
      }
      notify(exchange, body);
    } finally {
      exchange.close();
    }
  }

  private void notify(HttpExchange exchange, byte[] body) throws IOException {
    JsonNode json;
    try {
      json = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      respond(exchange, 400, "body is not JSON: " + e.getOriginalMessage());
      return;
    }
    if (json == null || !json.isObject()) {
      respond(exchange, 400, "body must be a JSON object like {\"room\": \"!id:server\", \"text\": \"...\"}");
      return;
    }
    JsonNode roomNode = json.get("room");
    JsonNode textNode = json.get("text");
    if (roomNode == null || !roomNode.isTextual()) {
      respond(exchange, 400, "'room' is missing or not a string");
      return;
    }
    if (textNode == null || !textNode.isTextual() || textNode.asText().isBlank()) {
      respond(exchange, 400, "'text' is missing, empty or not a string");
      return;
    }
    RoomId room;
    try {
      room = RoomId.of(roomNode.asText());
    } catch (IllegalArgumentException e) {
      respond(exchange, 400, "'room': " + e.getMessage());
      return;
    }
    try {
      if (!client.rooms().joined().contains(room)) {
        respond(exchange, 403, "the bot is not in " + room.value() + "; invite it first");
        return;
      }
      EventId id = client.messages().notice(room, textNode.asText());
      respondJson(exchange, 200, JsonNodeFactory.instance.objectNode().put("event_id", id.value()));
    } catch (MatrixException e) {
      respond(exchange, 502, "the homeserver refused: " + (e.errcode() != null ? e.errcode() + " " : "")
          + (e.error() != null ? e.error() : ""));
    }
  }

  private static byte[] readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY + 1);
    return bytes.length > MAX_BODY ? null : bytes;
  }

  private static void respond(HttpExchange exchange, int status, String error) throws IOException {
    respondJson(exchange, status, JsonNodeFactory.instance.objectNode().put("error", error));
  }

  private static void respondJson(HttpExchange exchange, int status, JsonNode json) throws IOException {
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}

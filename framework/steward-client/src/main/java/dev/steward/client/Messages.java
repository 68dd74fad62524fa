package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import java.util.Objects;

/**
 * Sending and changing messages: text, notice, emote, HTML, rich replies, edits, reactions and redactions. Every
 * send has its own transaction id, reused by the client's retries, so nothing shows up twice.
 */
public final class Messages {
  private static final String HTML = "org.matrix.custom.html";

  private final MatrixClient client;
  private final Http http;

  Messages(MatrixClient client, Http http) {
    this.client = client;
    this.http = http;
  }

  /** Sends {@code m.text}. */
  public EventId text(RoomId room, String body) {
    return client.sendEvent(room, "m.room.message", content("m.text", body, null));
  }

  /** Sends {@code m.notice}, the message type bots use so that other bots do not answer them. */
  public EventId notice(RoomId room, String body) {
    return client.sendEvent(room, "m.room.message", content("m.notice", body, null));
  }

  /** Sends {@code m.emote} ("/me waves"). */
  public EventId emote(RoomId room, String body) {
    return client.sendEvent(room, "m.room.message", content("m.emote", body, null));
  }

  /** Sends a formatted message: {@code plain} for clients without HTML, {@code html} for the rest. */
  public EventId html(RoomId room, String msgtype, String plain, String html) {
    return client.sendEvent(room, "m.room.message", content(msgtype, plain, html));
  }

  /** Sends {@code content} as a rich reply to {@code inReplyTo}. */
  public EventId reply(RoomId room, EventId inReplyTo, ObjectNode content) {
    Objects.requireNonNull(inReplyTo, "inReplyTo");
    ObjectNode c = content.deepCopy();
    c.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", inReplyTo.value());
    return client.sendEvent(room, "m.room.message", c);
  }

  /** Replies to {@code inReplyTo} with plain text of {@code msgtype} ({@code m.text} or {@code m.notice}). */
  public EventId reply(RoomId room, EventId inReplyTo, String msgtype, String body) {
    return reply(room, inReplyTo, content(msgtype, body, null));
  }

  /** Replaces the text of an earlier message of the bot's own ({@code m.replace}). */
  public EventId edit(RoomId room, EventId original, String msgtype, String newBody, String newHtml) {
    Objects.requireNonNull(original, "original");
    ObjectNode newContent = content(msgtype, newBody, newHtml);
    ObjectNode c = content(msgtype, "* " + newBody, newHtml == null ? null : "* " + newHtml);
    c.set("m.new_content", newContent);
    c.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", original.value());
    return client.sendEvent(room, "m.room.message", c);
  }

  /** Reacts to an event with {@code key}, usually an emoji. */
  public EventId react(RoomId room, EventId target, String key) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(key, "key");
    ObjectNode c = Json.mapper().createObjectNode();
    c.putObject("m.relates_to").put("rel_type", "m.annotation").put("event_id", target.value()).put("key", key);
    return client.sendEvent(room, "m.reaction", c);
  }

  /** Redacts (removes the content of) an event, with an optional reason. */
  public EventId redact(RoomId room, EventId target, String reason) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(target, "target");
    ObjectNode body = Json.mapper().createObjectNode();
    if (reason != null && !reason.isEmpty()) {
      body.put("reason", reason);
    }
    JsonNode r = http.json("PUT", http.v3(null, "rooms", room.value(), "redact", target.value(), client.newTxnId()),
        body, CallOptions.SAFE, JsonNode.class);
    return EventId.of(r.path("event_id").asText(null));
  }

  /** Message content with an optional HTML body. */
  public static ObjectNode content(String msgtype, String body, String html) {
    Objects.requireNonNull(msgtype, "msgtype");
    Objects.requireNonNull(body, "body");
    ObjectNode c = Json.mapper().createObjectNode().put("msgtype", msgtype).put("body", body);
    if (html != null) {
      c.put("format", HTML).put("formatted_body", html);
    }
    return c;
  }
}

package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import java.util.Objects;

/**
 * Sending and changing messages: text, notice, emote, HTML, rich replies, edits, reactions and redactions. Every
 * send has its own transaction id, reused by the client's retries, so nothing shows up twice. Replies, edits,
 * reactions and redactions also take a caller-chosen id, so that a process sending again after a restart (same
 * access token) gets the first event back instead of a second one.
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
    return reply(room, inReplyTo, content, client.newTxnId());
  }

  /**
   * Sends {@code content} as a rich reply under a caller-chosen transaction id: the same id again (same access
   * token) returns the first reply instead of sending a second one.
   */
  public EventId reply(RoomId room, EventId inReplyTo, ObjectNode content, String txnId) {
    Objects.requireNonNull(inReplyTo, "inReplyTo");
    Objects.requireNonNull(content, "content");
    ObjectNode c = content.deepCopy();
    c.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", inReplyTo.value());
    return client.sendEvent(room, "m.room.message", c, txnId);
  }

  /** Replies to {@code inReplyTo} with plain text of {@code msgtype} ({@code m.text} or {@code m.notice}). */
  public EventId reply(RoomId room, EventId inReplyTo, String msgtype, String body) {
    return reply(room, inReplyTo, content(msgtype, body, null));
  }

  /** Replaces the text of an earlier message of the bot's own ({@code m.replace}). */
  public EventId edit(RoomId room, EventId original, String msgtype, String newBody, String newHtml) {
    return edit(room, original, msgtype, newBody, newHtml, client.newTxnId());
  }

  /** Like {@link #edit(RoomId, EventId, String, String, String)}, under a caller-chosen transaction id. */
  public EventId edit(RoomId room, EventId original, String msgtype, String newBody, String newHtml,
                      String txnId) {
    Objects.requireNonNull(original, "original");
    ObjectNode newContent = content(msgtype, newBody, newHtml);
    ObjectNode c = content(msgtype, "* " + newBody, newHtml == null ? null : "* " + newHtml);
    c.set("m.new_content", newContent);
    c.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", original.value());
    return client.sendEvent(room, "m.room.message", c, txnId);
  }

  /** Reacts to an event with {@code key}, usually an emoji. */
  public EventId react(RoomId room, EventId target, String key) {
    return react(room, target, key, client.newTxnId());
  }

  /** Like {@link #react(RoomId, EventId, String)}, under a caller-chosen transaction id. */
  public EventId react(RoomId room, EventId target, String key, String txnId) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(key, "key");
    ObjectNode c = Json.mapper().createObjectNode();
    c.putObject("m.relates_to").put("rel_type", "m.annotation").put("event_id", target.value()).put("key", key);
    return client.sendEvent(room, "m.reaction", c, txnId);
  }

  /** Redacts (removes the content of) an event, with an optional reason. */
  public EventId redact(RoomId room, EventId target, String reason) {
    return redact(room, target, reason, client.newTxnId());
  }

  /** Like {@link #redact(RoomId, EventId, String)}, under a caller-chosen transaction id. */
  public EventId redact(RoomId room, EventId target, String reason, String txnId) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(txnId, "txnId");
    ObjectNode body = Json.mapper().createObjectNode();
    if (reason != null && !reason.isEmpty()) {
      body.put("reason", reason);
    }
    JsonNode r = http.json("PUT", http.v3(null, "rooms", room.value(), "redact", target.value(), txnId),
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

package dev.steward.bots.moderation.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * Safe excerpts of reported events for the management room: one line, cut short, control and invisible characters
 * dropped, and links defanged ({@code https[:]//…}) so that quoting spam in a report neither formats, nor previews,
 * nor makes a clickable link. (Pings are already prevented by the notices' empty {@code m.mentions}.)
 */
final class Excerpts {
  private static final Pattern SCHEME = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]{1,15})://");
  private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]+");

  private Excerpts() {}

  /** {@code text} made safe and cut to {@code max} characters (an ellipsis marks the cut). */
  static String safe(String text, int max) {
    String one = INVISIBLE.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").strip();
    one = SCHEME.matcher(one).replaceAll("$1[:]//");
    if (one.codePointCount(0, one.length()) > max) {
      one = one.substring(0, one.offsetByCodePoints(0, max)) + "\u2026";
    }
    return one;
  }

  /** What a reported event says, safely: the body of a text message, or what kind of event it is. */
  static String of(JsonNode event, int max) {
    if (event == null) {
      return "(the homeserver did not return the event)";
    }
    JsonNode content = event.path("content");
    String type = event.path("type").asText("an event");
    if (content.isEmpty()) {
      return "(" + type + ", already redacted)";
    }
    String msgtype = content.path("msgtype").asText("");
    boolean text = msgtype.equals("m.text") || msgtype.equals("m.notice") || msgtype.equals("m.emote");
    if (type.equals("m.room.message") && text && content.path("body").isTextual()) {
      return "\u201C" + safe(content.path("body").asText(), max) + "\u201D";
    }
    return "(" + (msgtype.isEmpty() ? type : msgtype) + (content.path("body").isTextual()
        ? ": " + safe(content.path("body").asText(), Math.min(max, 80)) : "") + ")";
  }
}

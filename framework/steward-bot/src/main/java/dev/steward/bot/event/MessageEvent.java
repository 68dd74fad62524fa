package dev.steward.bot.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.RoomEvent;
import java.time.Instant;

/**
 * An {@code m.room.message} (not an edit: see {@link EditEvent}).
 *
 * @param room the room
 * @param sender who sent it
 * @param eventId its id
 * @param timestamp when the sender's server received it
 * @param msgtype {@code m.text}, {@code m.notice}, {@code m.emote}, {@code m.image}, {@code m.file}…
 * @param body the plain-text body without the quoted reply fallback
 * @param formattedBody the HTML body without the {@code <mx-reply>} fallback, or null
 * @param inReplyTo the event this replies to, or null
 * @param source the room event this was read from, whose {@link RoomEvent#raw()} is the JSON as received
 */
public record MessageEvent(RoomId room, UserId sender, EventId eventId, Instant timestamp, String msgtype,
                           String body, String formattedBody, EventId inReplyTo, RoomEvent source)
    implements TimelineEvent {
  @Override
  public String type() {
    return "m.room.message";
  }


  public boolean isText() {
    return "m.text".equals(msgtype);
  }

  public boolean isNotice() {
    return "m.notice".equals(msgtype);
  }

  public boolean isEmote() {
    return "m.emote".equals(msgtype);
  }

  /** The {@code mxc://} URL of an image, file, audio or video message, or null (also without a source). */
  public String mediaUrl() {
    JsonNode url = source == null ? null : source.content().get("url");
    return url != null && url.isTextual() ? url.asText() : null;
  }
}

package dev.steward.bot.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.BasicEvent;
import dev.steward.client.model.InvitedRoom;
import dev.steward.client.model.Membership;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.StrippedStateEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns raw room events into the typed events handlers receive. */
public final class Events {
  private static final Pattern MX_REPLY = Pattern.compile("(?s)^\\s*<mx-reply>.*?</mx-reply>");

  private Events() {}

  /**
   * The typed view of a room event: message, edit, membership, reaction, redaction or other state; a
   * {@link GenericEvent} for anything else, and for an event whose typed view would miss a required field or hold an
   * invalid id (a state event then stays a {@link StateEvent}).
   */
  public static TimelineEvent typed(RoomId room, RoomEvent ev) {
    TimelineEvent typed;
    try {
      typed = map(room, ev);
    } catch (IllegalArgumentException e) {
      typed = null; // an invalid id inside the content (e.g. a bad state_key on a member event)
    }
    if (typed != null) {
      return typed;
    }
    Instant ts = Instant.ofEpochMilli(ev.originServerTs());
    return ev.isState() ? state(room, ev, ts) : new GenericEvent(room, ev.sender(), ev.eventId(), ts, ev.type(),
        ev.content(), ev);
  }

  private static StateEvent state(RoomId room, RoomEvent ev, Instant ts) {
    return new StateEvent(room, ev.sender(), ev.eventId(), ts, ev.type(), ev.stateKey(), ev.content(),
        ev.unsigned().path("prev_content"), ev);
  }

  private static TimelineEvent map(RoomId room, RoomEvent ev) {
    Instant ts = Instant.ofEpochMilli(ev.originServerTs());
    JsonNode c = ev.content();
    switch (ev.type()) {
      case "m.room.message": {
        if (ev.isState()) {
          return null;
        }
        JsonNode rel = c.path("m.relates_to");
        if ("m.replace".equals(rel.path("rel_type").asText(null))) {
          JsonNode newContent = c.path("m.new_content");
          return new EditEvent(room, ev.sender(), ev.eventId(), ts, EventId.of(rel.path("event_id").asText(null)),
              text(newContent, "body"), ev);
        }
        String body = text(c, "body");
        String msgtype = text(c, "msgtype");
        if (body == null || msgtype == null) {
          return null;
        }
        String replyTo = rel.path("m.in_reply_to").path("event_id").asText(null);
        EventId inReplyTo = replyTo == null ? null : EventId.of(replyTo);
        String formatted = "org.matrix.custom.html".equals(text(c, "format")) ? text(c, "formatted_body") : null;
        if (inReplyTo != null) {
          body = stripReplyFallback(body);
          formatted = formatted == null ? null : MX_REPLY.matcher(formatted).replaceFirst("");
        }
        return new MessageEvent(room, ev.sender(), ev.eventId(), ts, msgtype, body, formatted, inReplyTo, ev);
      }
      case "m.room.member": {
        if (!ev.isState()) {
          return null;
        }
        JsonNode prev = ev.unsigned().path("prev_content");
        Membership membership = Membership.of(text(c, "membership"));
        return membership == null ? null : new MembershipEvent(room, ev.sender(), ev.eventId(), ts,
            UserId.of(ev.stateKey()), membership, Membership.of(text(prev, "membership")), text(c, "reason"),
            text(c, "displayname"), ev);
      }
      case "m.reaction": {
        JsonNode rel = c.path("m.relates_to");
        String target = rel.path("event_id").asText(null);
        String key = rel.path("key").asText(null);
        if (!"m.annotation".equals(rel.path("rel_type").asText(null)) || target == null || key == null) {
          return null;
        }
        return new ReactionEvent(room, ev.sender(), ev.eventId(), ts, EventId.of(target), key, ev);
      }
      case "m.room.redaction": {
        // Room versions up to 10 put "redacts" at the top level; 11 and later in the content.
        String redacts = text(c, "redacts");
        if (redacts == null) {
          redacts = text(ev.raw(), "redacts"); // builds the raw tree, for this rare case only
        }
        return redacts == null ? null
            : new RedactionEvent(room, ev.sender(), ev.eventId(), ts, EventId.of(redacts), text(c, "reason"), ev);
      }
      default:
        return ev.isState() ? state(room, ev, ts) : null;
    }
  }

  /** The invite of {@code bot} in an invited room's stripped state, or empty when it is not there. */
  public static Optional<InviteEvent> invite(RoomId room, InvitedRoom invited, UserId bot) {
    UserId inviter = null;
    boolean direct = false;
    String name = null;
    for (StrippedStateEvent s : invited.inviteState()) {
      if (s.type().equals("m.room.member") && bot.value().equals(s.stateKey())
          && "invite".equals(text(s.content(), "membership"))) {
        inviter = s.sender();
        direct = s.content().path("is_direct").asBoolean(false);
      } else if (s.type().equals("m.room.name")) {
        name = text(s.content(), "name");
      }
    }
    return inviter == null ? Optional.empty()
        : Optional.of(new InviteEvent(room, inviter, name, direct, invited.inviteState()));
  }

  /**
   * The typed views of a room's ephemeral event: one {@link TypingEvent} for {@code m.typing}, one
   * {@link ReceiptEvent} per user, event and receipt type for {@code m.receipt}; nothing for other types. Entries
   * with invalid ids are left out.
   */
  public static List<BotEvent> ephemeral(RoomId room, BasicEvent ev) {
    List<BotEvent> out = new ArrayList<>();
    JsonNode c = ev.content();
    if (c == null) {
      return out;
    }
    if (ev.type().equals("m.typing")) {
      List<UserId> typing = new ArrayList<>();
      for (JsonNode u : c.path("user_ids")) {
        userId(u.asText(null)).ifPresent(typing::add);
      }
      out.add(new TypingEvent(room, typing));
    } else if (ev.type().equals("m.receipt")) {
      for (Iterator<Map.Entry<String, JsonNode>> events = c.fields(); events.hasNext(); ) {
        Map.Entry<String, JsonNode> read = events.next();
        Optional<EventId> eventId = eventId(read.getKey());
        if (eventId.isEmpty()) {
          continue;
        }
        for (Iterator<Map.Entry<String, JsonNode>> types = read.getValue().fields(); types.hasNext(); ) {
          Map.Entry<String, JsonNode> type = types.next();
          for (Iterator<Map.Entry<String, JsonNode>> users = type.getValue().fields(); users.hasNext(); ) {
            Map.Entry<String, JsonNode> user = users.next();
            JsonNode ts = user.getValue().path("ts");
            userId(user.getKey()).ifPresent(u -> out.add(new ReceiptEvent(room, u, eventId.get(), type.getKey(),
                ts.isIntegralNumber() ? Instant.ofEpochMilli(ts.asLong()) : null,
                text(user.getValue(), "thread_id"))));
          }
        }
      }
    }
    return out;
  }

  private static Optional<UserId> userId(String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(UserId.of(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<EventId> eventId(String s) {
    try {
      return Optional.of(EventId.of(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Removes the quoted fallback ("> <@user> original" lines and the blank line after them) that older clients put in
   * front of a reply, so a command sent as a reply parses like any other.
   */
  static String stripReplyFallback(String body) {
    if (!body.startsWith("> ")) {
      return body;
    }
    int i = 0;
    while (i < body.length() && body.startsWith("> ", i)) {
      int nl = body.indexOf('\n', i);
      if (nl < 0) {
        return "";
      }
      i = nl + 1;
    }
    if (body.startsWith("\n", i)) {
      i++;
    }
    return body.substring(i);
  }

  private static String text(JsonNode node, String field) {
    JsonNode n = node == null ? null : node.get(field);
    return n != null && n.isTextual() ? n.asText() : null;
  }
}

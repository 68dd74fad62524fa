package dev.steward.bot.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.Messages;
import dev.steward.client.RoomId;
import dev.steward.client.Rooms;
import dev.steward.client.UserId;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a handler may do about the event it is handling: reply (as a rich reply, plain, Markdown), react, edit its
 * own messages, act on membership. Replies are {@code m.notice} by default, the type bots ignore, so bots do not
 * answer each other; a per-room {@link ReplyGuard} drops sends past its budget.
 */
public class EventContext {
  private static final Logger log = LoggerFactory.getLogger(EventContext.class);

  private final MatrixClient client;
  private final RoomId room;
  private final UserId sender;
  private final EventId eventId;
  private final ReplyGuard guard;

  public EventContext(MatrixClient client, RoomId room, UserId sender, EventId eventId, ReplyGuard guard) {
    this.client = Objects.requireNonNull(client, "client");
    this.room = Objects.requireNonNull(room, "room");
    this.sender = sender;
    this.eventId = eventId;
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  public MatrixClient client() {
    return client;
  }

  public Rooms rooms() {
    return client.rooms();
  }

  public Messages messages() {
    return client.messages();
  }

  /** The room the event happened in. */
  public RoomId room() {
    return room;
  }

  /** Who sent the event (the inviter, for invites). */
  public UserId sender() {
    return sender;
  }

  /** The event's id; null for invites, which carry none. */
  public EventId eventId() {
    return eventId;
  }

  /** Membership actions in this room. */
  public RoomMembership membership() {
    return new RoomMembership(client.rooms(), room);
  }

  /** Replies to the event as a rich reply ({@code m.notice}). Empty when the room's reply budget is spent. */
  public Optional<EventId> reply(String text) {
    return replyContent(Messages.content("m.notice", text, null));
  }

  /** Replies with Markdown rendered to HTML (raw HTML in it is escaped). */
  public Optional<EventId> replyMarkdown(String markdown) {
    return replyContent(Messages.content("m.notice", markdown, Markdown.toHtml(markdown)));
  }

  /** Replies with a plain body and an HTML body the caller built (escape untrusted parts with {@link Html}). */
  public Optional<EventId> replyHtml(String plain, String html) {
    return replyContent(Messages.content("m.notice", plain, html));
  }

  /** Sends a notice into the room, not as a reply. */
  public Optional<EventId> send(String text) {
    return guarded(() -> client.messages().notice(room, text));
  }

  /** Sends Markdown into the room, not as a reply. */
  public Optional<EventId> sendMarkdown(String markdown) {
    return guarded(() -> client.messages().html(room, "m.notice", markdown, Markdown.toHtml(markdown)));
  }

  /** Sends a notice with a plain body and an HTML body the caller built, not as a reply (escape with {@link Html}). */
  public Optional<EventId> sendHtml(String plain, String html) {
    Objects.requireNonNull(plain, "plain");
    Objects.requireNonNull(html, "html");
    return guarded(() -> client.messages().html(room, "m.notice", plain, html));
  }

  /** Sends {@code m.text}, for bots that speak as a person would (echo, relays). */
  public Optional<EventId> sendText(String text) {
    return guarded(() -> client.messages().text(room, text));
  }

  /** Reacts to the event, e.g. with "✅". */
  public Optional<EventId> react(String key) {
    requireEvent("react");
    return guarded(() -> client.messages().react(room, eventId, key));
  }

  /** Edits a message the bot sent earlier in this room. */
  public Optional<EventId> edit(EventId ownMessage, String newText) {
    return guarded(() -> client.messages().edit(room, ownMessage, "m.notice", newText, null));
  }

  private Optional<EventId> replyContent(ObjectNode content) {
    if (eventId == null) {
      return guarded(() -> client.sendEvent(room, "m.room.message", content));
    }
    return guarded(() -> client.messages().reply(room, eventId, content));
  }

  private Optional<EventId> guarded(java.util.function.Supplier<EventId> send) {
    if (!guard.tryAcquire(room)) {
      log.warn("reply budget of {} spent; dropping a message (is another bot answering us?)", room);
      return Optional.empty();
    }
    return Optional.of(send.get());
  }

  private void requireEvent(String what) {
    if (eventId == null) {
      throw new IllegalStateException("cannot " + what + ": this event has no id");
    }
  }
}

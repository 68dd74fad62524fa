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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a handler may do about the event it is handling: reply (as a rich reply, plain, Markdown), react, edit its
 * own messages, act on membership. Replies are {@code m.notice} by default, the type bots ignore, so bots do not
 * answer each other; a per-room {@link ReplyGuard} drops sends past its budget.
 *
 * <p>Sends about an event use transaction ids derived from the event id, the context's scope and a per-context
 * sequence number (see {@link #nextTxnId()}): a handler that runs again for the same event after the bot was killed
 * mid-batch sends under the same ids, so the homeserver returns its earlier events instead of showing them twice.
 * That holds as long as the handler sends the same things in the same order, and for sends made through this
 * context only; {@link #client()} and {@link #messages()} send under fresh random ids.
 */
public class EventContext {
  private static final Logger log = LoggerFactory.getLogger(EventContext.class);

  private final MatrixClient client;
  private final RoomId room;
  private final UserId sender;
  private final EventId eventId;
  private final ReplyGuard guard;
  private final String scope;
  /** Made at the first send: most events are handled without one. Guarded by {@code this}. */
  private EventTxnIds txnIds;

  /** A context shared by everything that handles the event; its sends are numbered in one sequence. */
  public EventContext(MatrixClient client, RoomId room, UserId sender, EventId eventId, ReplyGuard guard) {
    this(client, room, sender, eventId, guard, "");
  }

  /**
   * A context for one handler of the event: {@code scope} (e.g. the handler's name) keeps its transaction ids
   * apart from those of other handlers of the same event, so one handler sending more or less on a second run
   * cannot shift the ids of another.
   */
  public EventContext(MatrixClient client, RoomId room, UserId sender, EventId eventId, ReplyGuard guard,
                      String scope) {
    this.client = Objects.requireNonNull(client, "client");
    this.room = Objects.requireNonNull(room, "room");
    this.sender = sender;
    this.eventId = eventId;
    this.guard = Objects.requireNonNull(guard, "guard");
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  /** The same event seen by one named handler: a fresh sequence of transaction ids scoped to {@code handler}. */
  public EventContext forHandler(String handler) {
    return new EventContext(client, room, sender, eventId, guard, Objects.requireNonNull(handler, "handler"));
  }

  /** What tells this context's transaction ids apart from other contexts of the same event; "" by default. */
  public String scope() {
    return scope;
  }

  /**
   * The transaction id for this context's next send. With a triggering event it is derived from (event id, scope,
   * 1, 2, 3…), the same in every run of the handler; without one (invites, scheduled work) it is random. Use it
   * for sends of your own through {@link #client()} that must not show up twice after a restart.
   */
  public String nextTxnId() {
    if (eventId == null) {
      return client.newTxnId();
    }
    EventTxnIds ids;
    synchronized (this) {
      if (txnIds == null) {
        txnIds = new EventTxnIds(eventId, scope);
      }
      ids = txnIds;
    }
    return ids.next();
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
    return message(Messages.content("m.notice", text, null));
  }

  /** Sends Markdown into the room, not as a reply. */
  public Optional<EventId> sendMarkdown(String markdown) {
    return message(Messages.content("m.notice", markdown, Markdown.toHtml(markdown)));
  }

  /** Sends a notice with a plain body and an HTML body the caller built, not as a reply (escape with {@link Html}). */
  public Optional<EventId> sendHtml(String plain, String html) {
    Objects.requireNonNull(plain, "plain");
    Objects.requireNonNull(html, "html");
    return message(Messages.content("m.notice", plain, html));
  }

  /** Sends {@code m.text}, for bots that speak as a person would (echo, relays). */
  public Optional<EventId> sendText(String text) {
    return message(Messages.content("m.text", text, null));
  }

  /** Reacts to the event, e.g. with "✅". */
  public Optional<EventId> react(String key) {
    requireEvent("react");
    return guarded(txn -> client.messages().react(room, eventId, key, txn));
  }

  /** Edits a message the bot sent earlier in this room. */
  public Optional<EventId> edit(EventId ownMessage, String newText) {
    return guarded(txn -> client.messages().edit(room, ownMessage, "m.notice", newText, null, txn));
  }

  /**
   * Redacts an event in this room (the bot needs the power to), with an optional reason. Not counted against the
   * reply budget: a redaction cannot start a conversation between bots.
   */
  public EventId redact(EventId target, String reason) {
    return client.messages().redact(room, target, reason, nextTxnId());
  }

  private Optional<EventId> message(ObjectNode content) {
    return guarded(txn -> client.sendEvent(room, "m.room.message", content, txn));
  }

  private Optional<EventId> replyContent(ObjectNode content) {
    if (eventId == null) {
      return message(content);
    }
    return guarded(txn -> client.messages().reply(room, eventId, content, txn));
  }

  private Optional<EventId> guarded(Function<String, EventId> send) {
    // The id is taken before the budget check, so a send the guard drops in one run still has its own number and
    // the sends after it keep theirs when a later run lets it through.
    String txn = nextTxnId();
    if (!guard.tryAcquire(room)) {
      log.warn("reply budget of {} spent; dropping a message (is another bot answering us?)", room);
      return Optional.empty();
    }
    return Optional.of(send.apply(txn));
  }

  private void requireEvent(String what) {
    if (eventId == null) {
      throw new IllegalStateException("cannot " + what + ": this event has no id");
    }
  }
}

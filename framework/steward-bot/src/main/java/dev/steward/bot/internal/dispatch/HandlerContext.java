package dev.steward.bot.internal.dispatch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.Markdown;
import dev.steward.bot.event.RoomMembership;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.Messages;
import dev.steward.client.RoomId;
import dev.steward.client.Rooms;
import dev.steward.client.UserId;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** The runtime's {@link EventContext}: one per handler call, its sends numbered in one sequence. */
class HandlerContext implements EventContext {

  private final MatrixClient client;
  private final RoomId room;
  private final UserId sender;
  private final EventId eventId;
  /** The event handled, for its thread; null for invites, typing and receipts. */
  private final TimelineEvent event;
  private final SendGuard guard;
  private final String scope;
  /** Made at the first send: most events are handled without one. Guarded by {@code this}. */
  private EventTxnIds txnIds;

  /**
   * @param scope tells this context's transaction ids apart from those of other handlers of the same event (e.g. the
   *     handler's name), so one handler sending more or less on a second run cannot shift the ids of another
   */
  HandlerContext(MatrixClient client, RoomId room, UserId sender, EventId eventId, TimelineEvent event,
                 SendGuard guard, String scope) {
    this.client = Objects.requireNonNull(client, "client");
    this.room = Objects.requireNonNull(room, "room");
    this.sender = sender;
    this.eventId = eventId;
    this.event = event;
    this.guard = Objects.requireNonNull(guard, "guard");
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  /** The same event seen by one named handler: a fresh sequence of transaction ids scoped to {@code handler}. */
  HandlerContext forHandler(String handler) {
    return new HandlerContext(client, room, sender, eventId, event, guard,
        Objects.requireNonNull(handler, "handler"));
  }

  /** What tells this context's transaction ids apart from other contexts of the same event. */
  String scope() {
    return scope;
  }

  SendGuard guard() {
    return guard;
  }

  @Override
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

  @Override
  public MatrixClient client() {
    return client;
  }

  @Override
  public Rooms rooms() {
    return client.rooms();
  }

  @Override
  public Messages messages() {
    return client.messages();
  }

  @Override
  public RoomId room() {
    return room;
  }

  @Override
  public UserId sender() {
    return sender;
  }

  @Override
  public EventId eventId() {
    return eventId;
  }

  @Override
  public boolean encrypted() {
    return event != null && event.encrypted();
  }

  @Override
  public EventId threadRoot() {
    // Read when something is sent, not for every event handled: most handlers send nothing.
    return event == null ? null : event.threadRoot();
  }

  @Override
  public RoomMembership membership() {
    return new RoomMembership(client.rooms(), room);
  }

  @Override
  public Optional<EventId> reply(String text) {
    return replyContent(Messages.content("m.notice", text, null));
  }

  @Override
  public Optional<EventId> replyMarkdown(String markdown) {
    return replyContent(Messages.content("m.notice", markdown, Markdown.toHtml(markdown)));
  }

  @Override
  public Optional<EventId> replyHtml(String plain, String html) {
    return replyContent(Messages.content("m.notice", plain, html));
  }

  @Override
  public Optional<EventId> send(String text) {
    return message(Messages.content("m.notice", text, null));
  }

  @Override
  public Optional<EventId> sendMarkdown(String markdown) {
    return message(Messages.content("m.notice", markdown, Markdown.toHtml(markdown)));
  }

  @Override
  public Optional<EventId> sendHtml(String plain, String html) {
    Objects.requireNonNull(plain, "plain");
    Objects.requireNonNull(html, "html");
    return message(Messages.content("m.notice", plain, html));
  }

  @Override
  public Optional<EventId> sendText(String text) {
    return message(Messages.content("m.text", text, null));
  }

  @Override
  public Optional<EventId> react(String key) {
    if (eventId == null) {
      throw new IllegalStateException("cannot react: this event has no id");
    }
    return guarded(txn -> client.messages().react(room, eventId, key, txn));
  }

  @Override
  public Optional<EventId> edit(EventId ownMessage, String newText) {
    return guarded(txn -> client.messages().edit(room, ownMessage, "m.notice", newText, null, txn));
  }

  @Override
  public EventId redact(EventId target, String reason) {
    return client.messages().redact(room, target, reason, nextTxnId());
  }

  private Optional<EventId> message(ObjectNode content) {
    EventId threadRoot = threadRoot();
    if (threadRoot != null) {
      // Into the thread; clients without threads show it as a reply to the event that triggered it.
      inThread(content, threadRoot, true);
    }
    return guarded(txn -> client.sendEvent(room, "m.room.message", content, txn));
  }

  private Optional<EventId> replyContent(ObjectNode content) {
    if (eventId == null) {
      return message(content);
    }
    EventId threadRoot = threadRoot();
    if (threadRoot != null) {
      inThread(content, threadRoot, false);
      return guarded(txn -> client.sendEvent(room, "m.room.message", content, txn));
    }
    return guarded(txn -> client.messages().reply(room, eventId, content, txn));
  }

  /** The {@code m.thread} relation; {@code fallingBack} says the in-reply-to is only there for thread-less clients. */
  private void inThread(ObjectNode content, EventId threadRoot, boolean fallingBack) {
    ObjectNode rel = content.putObject("m.relates_to");
    rel.put("rel_type", "m.thread").put("event_id", threadRoot.value()).put("is_falling_back", fallingBack);
    if (eventId != null) {
      rel.putObject("m.in_reply_to").put("event_id", eventId.value());
    }
  }

  private Optional<EventId> guarded(Function<String, EventId> send) {
    // The id is taken before the guard decides, so a send held back in one run still has its own number and the
    // sends after it keep theirs when a later run lets it through.
    String txn = nextTxnId();
    if (!guard.permit(room, event)) {
      return Optional.empty(); // an answer to a bot looping with this one: SendGuard has said so in the log
    }
    guard.pace(room);
    EventId sent = send.apply(txn);
    guard.sent(room, event, sent);
    return Optional.of(sent);
  }
}

package dev.steward.bot.event;

import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.Messages;
import dev.steward.client.RoomId;
import dev.steward.client.Rooms;
import dev.steward.client.UserId;
import java.util.Optional;

/**
 * What a handler may do about the event it is handling: reply (as a rich reply, plain, Markdown), react, edit its
 * own messages, act on membership. Replies are {@code m.notice} by default, the type bots ignore, so bots do not
 * answer each other. The sends below answer {@link Optional#empty()} only when the {@link ReplyGuard} holds back an
 * answer to a bot that loops with this one; nothing else is dropped (paced sends wait). The runtime makes one per
 * handler call; a handler declares a parameter of this type to get it.
 *
 * <p>An event in a thread is answered in that thread: replies and notices sent through the context carry the
 * {@code m.thread} relation to {@link #threadRoot()}, with the {@code m.in_reply_to} fallback for clients without
 * threads.
 *
 * <p>Sends about an event use transaction ids derived from the event id, the handler and a per-handler sequence
 * number (see {@link #nextTxnId()}): a handler that runs again for the same event after the bot was killed
 * mid-batch sends under the same ids, so the homeserver returns its earlier events instead of showing them twice.
 * That holds as long as the handler sends the same things in the same order, and for sends made through this
 * context only; {@link #client()} and {@link #messages()} send under fresh random ids.
 */
public interface EventContext {
  /**
   * The transaction id for this context's next send. With a triggering event it is derived from (event id, handler,
   * 1, 2, 3…), the same in every run of the handler; without one (invites, typing, receipts) it is random. Use it for
   * sends of your own through {@link #client()} that must not show up twice after a restart.
   */
  String nextTxnId();

  MatrixClient client();

  Rooms rooms();

  Messages messages();

  /** The room the event happened in. */
  RoomId room();

  /** Who sent the event (the inviter, for invites); null for typing notices and receipts. */
  UserId sender();

  /** The event's id; null for invites, typing notices and receipts, which carry none. */
  EventId eventId();

  /**
   * Whether the event reached the bot encrypted and was decrypted for this handler (see
   * {@link TimelineEvent#encrypted()}); false for invites, typing and receipts. Sends through this context into an
   * encrypted room are encrypted either way.
   */
  boolean encrypted();

  /** The root of the event's thread, or null when it is not in a thread. */
  EventId threadRoot();

  /** Membership actions in this room. */
  RoomMembership membership();

  /** Replies to the event as a rich reply ({@code m.notice}). Empty when held back as an answer in a bot loop. */
  Optional<EventId> reply(String text);

  /** Replies with Markdown rendered to HTML (raw HTML in it is escaped). */
  Optional<EventId> replyMarkdown(String markdown);

  /** Replies with a plain body and an HTML body the caller built (escape untrusted parts with {@link Html}). */
  Optional<EventId> replyHtml(String plain, String html);

  /** Sends a notice into the room (into the event's thread, if it is in one), not as a reply. */
  Optional<EventId> send(String text);

  /** Sends Markdown into the room, not as a reply. */
  Optional<EventId> sendMarkdown(String markdown);

  /** Sends a notice with a plain body and an HTML body the caller built, not as a reply (escape with {@link Html}). */
  Optional<EventId> sendHtml(String plain, String html);

  /** Sends {@code m.text}, for bots that speak as a person would (echo, relays). */
  Optional<EventId> sendText(String text);

  /** Reacts to the event, e.g. with "✅". */
  Optional<EventId> react(String key);

  /** Edits a message the bot sent earlier in this room. */
  Optional<EventId> edit(EventId ownMessage, String newText);

  /**
   * Redacts an event in this room (the bot needs the power to), with an optional reason. Never held back by the
   * {@link ReplyGuard}: a redaction cannot start a conversation between bots.
   */
  EventId redact(EventId target, String reason);
}

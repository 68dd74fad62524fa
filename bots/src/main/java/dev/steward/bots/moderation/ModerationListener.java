package dev.steward.bots.moderation;

import dev.steward.bot.event.EditEvent;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.GenericEvent;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.MessageEvent;

/**
 * What a protection hears: messages, edits, stickers and joins in protected rooms, never those of the bot itself
 * or of users exempt there ({@link Moderators#isExempt}). {@link ModerationBot} calls each listener in turn; an
 * exception a listener throws is logged and reported to the management room, and the other listeners still run.
 */
public interface ModerationListener {
  /** A message (any msgtype, notices included) from a non-exempt user in a protected room. */
  default void onMessage(MessageEvent message, EventContext ctx) {}

  /** An edit ({@code m.replace}) from a non-exempt user in a protected room: judge its new text like a message. */
  default void onEdit(EditEvent edit, EventContext ctx) {}

  /** A sticker ({@code m.sticker}) from a non-exempt user in a protected room. */
  default void onSticker(GenericEvent sticker, EventContext ctx) {}

  /** A non-exempt user joined a protected room. */
  default void onJoin(MembershipEvent join, EventContext ctx) {}

  /** A short name for logs and reports, e.g. {@code flood}. */
  default String name() {
    return getClass().getSimpleName();
  }
}

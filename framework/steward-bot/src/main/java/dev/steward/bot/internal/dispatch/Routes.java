package dev.steward.bot.internal.dispatch;

import dev.steward.bot.annotation.OnEdit;
import dev.steward.bot.annotation.OnEvent;
import dev.steward.bot.annotation.OnInvite;
import dev.steward.bot.annotation.OnJoin;
import dev.steward.bot.annotation.OnLeave;
import dev.steward.bot.annotation.OnMembership;
import dev.steward.bot.annotation.OnMessage;
import dev.steward.bot.annotation.OnReaction;
import dev.steward.bot.annotation.OnReceipt;
import dev.steward.bot.annotation.OnRedaction;
import dev.steward.bot.annotation.OnState;
import dev.steward.bot.annotation.OnTyping;
import dev.steward.bot.event.EditEvent;
import dev.steward.bot.event.InviteEvent;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.MembershipEvent.Change;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReactionEvent;
import dev.steward.bot.event.ReceiptEvent;
import dev.steward.bot.event.RedactionEvent;
import dev.steward.bot.event.StateEvent;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.bot.event.TypingEvent;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The route table: every event handler annotation, the typed event it receives and its condition. A new annotation
 * is one file in {@code annotation} plus one row here ({@code RoutesTest} fails for an annotation without one).
 * {@code @Command} is routed by {@link CommandRouter}: commands are parsed, checked and answered, not filtered.
 */
final class Routes {
  private static final Set<Change> LEAVES = EnumSet.of(Change.LEAVE, Change.KICK, Change.BAN);

  static final List<Route<?, ?>> ALL = List.of(
      Route.all(OnInvite.class, InviteEvent.class),
      Route.of(OnJoin.class, MembershipEvent.class, a -> m -> m.change() == Change.JOIN)
          .takingOwn(OnJoin::includeSelf),
      Route.of(OnLeave.class, MembershipEvent.class, a -> m -> LEAVES.contains(m.change())),
      Route.all(OnMembership.class, MembershipEvent.class),
      Route.of(OnMessage.class, MessageEvent.class, MessageFilter::of).skippingCommands(),
      Route.all(OnEdit.class, EditEvent.class),
      Route.of(OnReaction.class, ReactionEvent.class, a -> r -> a.value().isEmpty() || a.value().equals(r.key())),
      Route.all(OnRedaction.class, RedactionEvent.class),
      Route.of(OnState.class, StateEvent.class, a -> types(a.value(), StateEvent::type)),
      Route.all(OnTyping.class, TypingEvent.class),
      Route.of(OnReceipt.class, ReceiptEvent.class, a -> types(a.value(), ReceiptEvent::receiptType)),
      Route.of(OnEvent.class, TimelineEvent.class, a -> types(a.value(), TimelineEvent::type)));

  private Routes() {}

  /** Accepts events whose type is listed, every event for an empty list or one holding {@code *}. */
  private static <E> Predicate<E> types(String[] listed, java.util.function.Function<E, String> type) {
    Set<String> set = Set.copyOf(Arrays.asList(listed));
    if (set.isEmpty() || set.contains("*")) {
      return e -> true;
    }
    return e -> set.contains(type.apply(e));
  }
}

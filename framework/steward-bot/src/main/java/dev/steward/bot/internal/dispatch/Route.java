package dev.steward.bot.internal.dispatch;

import dev.steward.bot.event.BotEvent;
import java.lang.annotation.Annotation;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of the route table: a handler annotation, the typed event its handlers receive, and which of those events
 * a handler wants, read from its annotation once at registration.
 *
 * @param annotation the handler annotation, e.g. {@code OnReaction}
 * @param event the typed events it routes; a handler parameter of this type (or a supertype) receives the event
 * @param filter builds one handler's condition from its annotation; may throw {@link IllegalArgumentException} (a bad
 *     regex, say), which fails the start-up naming the handler
 * @param takesOwn whether a handler with this annotation also sees the bot's own events (none but
 *     {@code @OnJoin(includeSelf = true)} does)
 * @param skipsCommands whether messages that ran a command are kept from these handlers
 */
record Route<A extends Annotation, E extends BotEvent>(Class<A> annotation, Class<E> event,
                                                       Function<A, Predicate<? super E>> filter,
                                                       Predicate<A> takesOwn, boolean skipsCommands) {

  /** A route whose handlers see no own events and also the messages that ran commands. */
  static <A extends Annotation, E extends BotEvent> Route<A, E> of(Class<A> annotation, Class<E> event,
                                                                   Function<A, Predicate<? super E>> filter) {
    return new Route<>(annotation, event, filter, a -> false, false);
  }

  /** Every event of the type. */
  static <A extends Annotation, E extends BotEvent> Route<A, E> all(Class<A> annotation, Class<E> event) {
    return of(annotation, event, a -> e -> true);
  }

  Route<A, E> takingOwn(Predicate<A> when) {
    return new Route<>(annotation, event, filter, when, skipsCommands);
  }

  Route<A, E> skippingCommands() {
    return new Route<>(annotation, event, filter, takesOwn, true);
  }
}

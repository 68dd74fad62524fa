package dev.steward.bot.internal.dispatch;

import dev.steward.bot.command.CommandContext;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.bot.internal.Invoker;
import dev.steward.bot.internal.Invoker.Supply;
import dev.steward.client.MatrixClient;
import dev.steward.client.Messages;
import dev.steward.client.Rooms;
import dev.steward.client.model.RoomEvent;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * One annotated handler method on one bean, with its parameters' sources worked out once at registration: the typed
 * event of its route, its context, the client's facades, the raw room event, and for commands the parsed arguments.
 * The room is the context's ({@code ctx.room()}) or the event's; a {@code RoomId} parameter is a command argument.
 */
final class Handler {
  /** What a command method may take besides its arguments: anything else is parsed from the message. */
  private static final Set<Class<?>> COMMAND_INJECTABLE = Set.of(EventContext.class, CommandContext.class,
      MatrixClient.class, Rooms.class, Messages.class, RoomEvent.class, MessageEvent.class);

  private final Invoker<Invocation> invoker;
  private final String name;
  private final String scope;

  /**
   * @param event the typed event its route hands over
   * @param command whether it is a {@code @Command} method, whose context is a {@code CommandContext}
   * @param isArgument which parameters are parsed command arguments (none for other handlers)
   */
  Handler(Object bean, Method method, Class<? extends Annotation> annotation, Class<?> event, boolean command,
          IntPredicate isArgument) {
    this.name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
    // Unique per handler, also for two classes of one simple name or one method under two annotations.
    this.scope = annotation.getSimpleName() + " " + method.getDeclaringClass().getName() + "." + method.getName()
        + Arrays.toString(method.getParameterTypes());
    List<Supply<Invocation>> supplies = new ArrayList<>();
    if (command) {
      supplies.add(new Supply<>("command arguments", (i, t) -> isArgument.test(i), (inv, i) -> inv.arguments()[i]));
    }
    supplies.add(new Supply<>(event.getSimpleName(), (i, t) -> t != Object.class && t.isAssignableFrom(event),
        (inv, i) -> inv.event()));
    supplies.add(Supply.of(EventContext.class, Invocation::context));
    if (command) {
      supplies.add(Supply.of(CommandContext.class, Invocation::context));
    }
    if (TimelineEvent.class.isAssignableFrom(event)) {
      supplies.add(Supply.of(RoomEvent.class, Invocation::raw));
    }
    supplies.add(Supply.of(MatrixClient.class, inv -> inv.context().client()));
    supplies.add(Supply.of(Rooms.class, inv -> inv.context().rooms()));
    supplies.add(Supply.of(Messages.class, inv -> inv.context().messages()));
    this.invoker = new Invoker<>(bean, method, "@" + annotation.getSimpleName() + " handler " + name,
        supplies, command ? "" : " (the room is the context's room() or the event's)");
  }

  /** Whether a parameter of this type in a {@code @Command} method is supplied rather than parsed. */
  static boolean injectedInCommands(Class<?> type) {
    return COMMAND_INJECTABLE.contains(type);
  }

  Method method() {
    return invoker.method();
  }

  /** "Bean.method", for logs. */
  String name() {
    return name;
  }

  /** What tells this handler's transaction ids apart from those of other handlers of the same event. */
  String scope() {
    return scope;
  }

  /** Calls the method; exceptions thrown by the handler come out unwrapped. */
  void invoke(Invocation inv) throws Throwable {
    invoker.invoke(inv);
  }
}

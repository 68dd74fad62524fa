package dev.steward.bot.dispatch;

import dev.steward.bot.command.CommandContext;
import dev.steward.bot.event.EventContext;
import dev.steward.client.MatrixClient;
import dev.steward.client.Messages;
import dev.steward.client.RoomId;
import dev.steward.client.Rooms;
import dev.steward.client.model.RoomEvent;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Set;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * One annotated handler method on one bean, with its parameters' sources worked out once at registration so that
 * dispatching an event does no reflection beyond the call itself.
 */
final class Handler<A extends Annotation> {
  /** Types any handler may declare besides its event: the context and the client's facades. */
  static final Set<Class<?>> INJECTABLE = Set.of(EventContext.class, CommandContext.class, MatrixClient.class,
      Rooms.class, Messages.class, RoomEvent.class);

  private final Object bean;
  private final Method method;
  private final A annotation;
  private final Function<Invocation, Object>[] sources;
  private final String name;
  private final String scope;

  @SuppressWarnings("unchecked")
  Handler(Object bean, Method method, A annotation, Class<?> eventType, IntPredicate isArgument) {
    this.bean = bean;
    this.method = method;
    this.annotation = annotation;
    this.name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
    // Unique per handler, also for two classes of one simple name or one method under two annotations.
    this.scope = annotation.annotationType().getSimpleName() + " " + method.getDeclaringClass().getName() + "."
        + method.getName() + Arrays.toString(method.getParameterTypes());
    method.setAccessible(true);
    Parameter[] params = method.getParameters();
    sources = new Function[params.length];
    for (int i = 0; i < params.length; i++) {
      int index = i;
      Class<?> t = params[i].getType();
      if (isArgument.test(i)) {
        sources[i] = inv -> inv.arguments()[index];
      } else if (eventType != null && t.isAssignableFrom(eventType)) {
        sources[i] = Invocation::event;
      } else if (t == CommandContext.class || t == EventContext.class) {
        sources[i] = Invocation::context;
      } else if (t == RoomEvent.class) {
        sources[i] = Invocation::raw;
      } else if (t == MatrixClient.class) {
        sources[i] = inv -> inv.context().client();
      } else if (t == Rooms.class) {
        sources[i] = inv -> inv.context().rooms();
      } else if (t == Messages.class) {
        sources[i] = inv -> inv.context().messages();
      } else if (t == RoomId.class) {
        sources[i] = inv -> inv.context().room();
      } else {
        throw new IllegalArgumentException("@" + annotation.annotationType().getSimpleName() + " handler " + name
            + ": parameter " + (i + 1) + " (" + t.getSimpleName() + " " + params[i].getName()
            + ") cannot be supplied; a handler may take " + (eventType == null ? "" : eventType.getSimpleName() + ", ")
            + "EventContext, MatrixClient, Rooms, Messages, RoomEvent or RoomId");
      }
    }
  }

  A annotation() {
    return annotation;
  }

  Method method() {
    return method;
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
    Object[] args = new Object[sources.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = sources[i].apply(inv);
    }
    try {
      method.invoke(bean, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

package dev.steward.bot.internal.dispatch;

import dev.steward.bot.annotation.Command;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.internal.command.CommandParameter;
import dev.steward.bot.internal.command.CommandRegistry;
import dev.steward.bot.internal.command.CommandSignature;
import dev.steward.bot.event.BotEvent;
import dev.steward.bot.event.MessageEvent;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The handlers of the bot beans, each bound to its row of the {@link Routes} table, and the commands. Filled while the
 * beans are created, read by the router for every event.
 */
public final class HandlerRegistry {
  /** One handler on its route, with its condition read from its annotation. */
  record Bound(Route<?, ?> route, Handler handler, Predicate<Object> accepts, boolean takesOwn) {}

  /** A command's signature as registered and the method that runs it, kept as one. */
  record CommandHandler(CommandSignature signature, Handler handler) {}

  private final List<Bound> bound = new CopyOnWriteArrayList<>();
  /** The handlers for each concrete typed event class, from {@link #bound}; dropped when a handler is added. */
  private final Map<Class<?>, List<Bound>> byEvent = new ConcurrentHashMap<>();
  /** Each command's handler by the name it is registered under (a record's hash would walk its whole signature). */
  private final Map<String, Handler> commandHandlers = new ConcurrentHashMap<>();
  private final CommandRegistry commands;
  private final ArgumentConverters converters;

  /** A registry whose commands use {@code prefix} (e.g. "!") and the given argument converters. */
  public HandlerRegistry(String prefix, ArgumentConverters converters) {
    this.commands = new CommandRegistry(prefix);
    this.converters = converters;
  }

  CommandRegistry commands() {
    return commands;
  }

  /** The argument converters commands are parsed with; bots add their own types to it. */
  public ArgumentConverters converters() {
    return converters;
  }

  /** The names of the registered commands, sorted. */
  public List<String> commandNames() {
    return commands.commands().stream().map(CommandSignature::name).toList();
  }

  /** How many handler methods are registered, commands included. */
  public int size() {
    return bound.size() + commandHandlers.size();
  }

  /**
   * Finds the annotated methods of {@code bean} (looking through Spring proxies) and registers them. A method whose
   * parameters cannot be supplied, a bad regex or a clashing command name fails here, at start-up, naming it.
   */
  public void register(Object bean) {
    Class<?> type = AopUtils.getTargetClass(bean);
    for (Route<?, ?> route : Routes.ALL) {
      bind(bean, type, route);
    }
    selected(type, Command.class).forEach((method, ann) -> {
      CommandSignature sig = CommandSignature.of(method, converters, Handler::injectedInCommands);
      CommandSignature registered = commands.register(sig);
      List<CommandParameter> params = registered.parameters();
      Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
      commandHandlers.put(registered.name(), new Handler(bean, invocable, Command.class, MessageEvent.class, true,
          i -> !params.get(i).injected()));
    });
  }

  @SuppressWarnings("unchecked")
  private <A extends Annotation, E extends BotEvent> void bind(Object bean, Class<?> type, Route<A, E> route) {
    selected(type, route.annotation()).forEach((method, ann) -> {
      Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
      Handler h = new Handler(bean, invocable, route.annotation(), route.event(), false, i -> false);
      Predicate<? super E> filter;
      try {
        filter = route.filter().apply(ann);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("@" + route.annotation().getSimpleName() + " handler " + h.name() + ": "
            + e.getMessage(), e);
      }
      bound.add(new Bound(route, h, (Predicate<Object>) filter, route.takesOwn().test(ann)));
      byEvent.clear();
    });
  }

  /** The handlers that may take an event of {@code eventClass}, in the order of the route table. */
  List<Bound> handlersOf(Class<? extends BotEvent> eventClass) {
    return byEvent.computeIfAbsent(eventClass,
        c -> bound.stream().filter(b -> b.route().event().isAssignableFrom(c))
            .sorted(Comparator.comparingInt(b -> Routes.ALL.indexOf(b.route()))).toList());
  }

  /** Whether any handler takes events of {@code eventClass} (e.g. typing notices, which are not worth parsing else). */
  boolean routes(Class<? extends BotEvent> eventClass) {
    return !handlersOf(eventClass).isEmpty();
  }

  /** The command {@code name} (with prefix, any case) and its handler. */
  Optional<CommandHandler> command(String name) {
    return commands.find(name).map(sig -> new CommandHandler(sig, commandHandlers.get(sig.name())));
  }

  private static <A extends Annotation> Map<Method, A> selected(Class<?> type, Class<A> annotation) {
    return MethodIntrospector.selectMethods(type,
        (MethodIntrospector.MetadataLookup<A>) m -> AnnotatedElementUtils.findMergedAnnotation(m, annotation));
  }
}

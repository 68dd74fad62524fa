package dev.steward.bot.dispatch;

import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnEvent;
import dev.steward.bot.annotation.OnInvite;
import dev.steward.bot.annotation.OnJoin;
import dev.steward.bot.annotation.OnLeave;
import dev.steward.bot.annotation.OnMembership;
import dev.steward.bot.annotation.OnMessage;
import dev.steward.bot.annotation.OnReaction;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.command.CommandParameter;
import dev.steward.bot.command.CommandRegistry;
import dev.steward.bot.command.CommandSignature;
import dev.steward.bot.event.InviteEvent;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReactionEvent;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.PatternSyntaxException;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/** Every handler method found on the bot beans, grouped by what it handles, plus the command table. */
public final class HandlerRegistry {
  final List<Handler<OnInvite>> invites = new CopyOnWriteArrayList<>();
  final List<Handler<OnJoin>> joins = new CopyOnWriteArrayList<>();
  final List<Handler<OnLeave>> leaves = new CopyOnWriteArrayList<>();
  final List<Handler<OnMembership>> memberships = new CopyOnWriteArrayList<>();
  final List<Handler<OnMessage>> messages = new CopyOnWriteArrayList<>();
  /** Each message handler's conditions, read from its annotation once. */
  final Map<Handler<OnMessage>, MessageFilter> messageFilters = new ConcurrentHashMap<>();
  final List<Handler<OnReaction>> reactions = new CopyOnWriteArrayList<>();
  final List<Handler<OnEvent>> events = new CopyOnWriteArrayList<>();
  /** Each raw-event handler's types, read from its annotation once. */
  final Map<Handler<OnEvent>, Set<String>> eventTypes = new ConcurrentHashMap<>();
  final Map<String, Handler<Command>> commandHandlers = new ConcurrentHashMap<>();
  private final CommandRegistry commands;
  private final ArgumentConverters converters;

  /** A registry whose commands use {@code prefix} (e.g. "!") and the given argument converters. */
  public HandlerRegistry(String prefix, ArgumentConverters converters) {
    this.commands = new CommandRegistry(prefix);
    this.converters = converters;
  }

  public CommandRegistry commands() {
    return commands;
  }

  public ArgumentConverters converters() {
    return converters;
  }

  /** How many handler methods are registered, commands included. */
  public int size() {
    return invites.size() + joins.size() + leaves.size() + memberships.size() + messages.size() + reactions.size()
        + events.size() + commandHandlers.size();
  }

  /**
   * Finds the annotated methods of {@code bean} (looking through Spring proxies) and registers them. A method whose
   * parameters cannot be supplied, a bad regex or a clashing command name fails here, at start-up, naming it.
   */
  public void register(Object bean) {
    Class<?> type = AopUtils.getTargetClass(bean);
    find(bean, type, OnInvite.class, InviteEvent.class, invites);
    find(bean, type, OnJoin.class, MembershipEvent.class, joins);
    find(bean, type, OnLeave.class, MembershipEvent.class, leaves);
    find(bean, type, OnMembership.class, MembershipEvent.class, memberships);
    find(bean, type, OnReaction.class, ReactionEvent.class, reactions);
    for (Handler<OnEvent> h : find(bean, type, OnEvent.class, null, events)) {
      eventTypes.put(h, Set.copyOf(Arrays.asList(h.annotation().value())));
    }
    for (Handler<OnMessage> h : find(bean, type, OnMessage.class, MessageEvent.class, messages)) {
      try {
        messageFilters.put(h, MessageFilter.of(h.annotation()));
      } catch (PatternSyntaxException e) {
        messages.remove(h);
        throw new IllegalArgumentException("@OnMessage handler " + h.name() + ": bad regex: " + e.getMessage(), e);
      }
    }
    selected(type, Command.class).forEach((method, ann) -> {
      CommandSignature sig = CommandSignature.of(method, converters,
          t -> Handler.INJECTABLE.contains(t) || t == MessageEvent.class);
      CommandSignature registered = commands.register(sig);
      List<CommandParameter> params = registered.parameters();
      Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
      commandHandlers.put(registered.name(), new Handler<>(bean, invocable, ann, MessageEvent.class,
          i -> !params.get(i).injected()));
    });
  }

  private <A extends Annotation> List<Handler<A>> find(Object bean, Class<?> type, Class<A> annotation,
                                                       Class<?> eventType, List<Handler<A>> into) {
    List<Handler<A>> added = new java.util.ArrayList<>();
    selected(type, annotation).forEach((method, ann) -> {
      Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
      Handler<A> h = new Handler<>(bean, invocable, ann, eventType, i -> false);
      added.add(h);
    });
    into.addAll(added);
    return added;
  }

  private static <A extends Annotation> Map<Method, A> selected(Class<?> type, Class<A> annotation) {
    return MethodIntrospector.selectMethods(type,
        (MethodIntrospector.MetadataLookup<A>) m -> AnnotatedElementUtils.findMergedAnnotation(m, annotation));
  }
}

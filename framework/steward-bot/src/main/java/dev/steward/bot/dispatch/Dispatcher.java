package dev.steward.bot.dispatch;

import dev.steward.bot.annotation.OnEvent;
import dev.steward.bot.annotation.OnMessage;
import dev.steward.bot.annotation.OnReaction;
import dev.steward.bot.event.BotEvent;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.Events;
import dev.steward.bot.event.InviteEvent;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReactionEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.SyncLoop;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds sync batches to the handlers. Rooms run in parallel on a bounded pool, each room's events in order; the
 * batch returns only when every handler has finished, so the sync token is saved after the work is done. Events
 * already handled (by id) are skipped, so a batch delivered again after a crash does not run a command twice. A
 * handler that throws is logged with the event id; the other handlers and the loop go on.
 */
public final class Dispatcher implements SyncLoop.BatchConsumer, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final MatrixClient client;
  private final HandlerRegistry registry;
  private final DispatchSettings settings;
  private final Predicate<EventId> firstTime;
  private final ReplyGuard guard;
  private final PowerLevelCache powerLevels;
  private final CommandRouter commands;
  private final ExecutorService pool;
  private final AtomicBoolean skipHistory;
  private final AtomicBoolean firstBatch = new AtomicBoolean(true);

  /**
   * @param firstTime answers true the first time it sees an event id, false after (the runtime backs it with the
   *     store so it holds across restarts)
   */
  public Dispatcher(MatrixClient client, HandlerRegistry registry, DispatchSettings settings,
                    Predicate<EventId> firstTime, ReplyGuard guard) {
    this.client = client;
    this.registry = registry;
    this.settings = settings;
    this.firstTime = firstTime;
    this.guard = guard;
    this.powerLevels = new PowerLevelCache(client.rooms());
    this.commands = new CommandRouter(registry, settings, powerLevels, client, guard);
    this.skipHistory = new AtomicBoolean(settings.skipHistoryOfFirstBatch());
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(settings.threads(), r -> {
      Thread t = new Thread(r, "steward-handler-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void accept(SyncResponse batch) throws InterruptedException {
    boolean history = skipHistory.getAndSet(false);
    if (firstBatch.getAndSet(false)) {
      log.info("first sync: in {} rooms, {} invites pending", batch.joined().size(), batch.invited().size());
    }
    Map<RoomId, List<RoomEvent>> work = new LinkedHashMap<>();
    batch.joined().forEach((room, joined) -> {
      List<RoomEvent> events = new ArrayList<>(joined.state());
      events.addAll(joined.timeline().events());
      work.put(room, events);
    });
    batch.left().forEach((room, left) -> work.computeIfAbsent(room, r -> new ArrayList<>())
        .addAll(left.timeline().events()));
    List<Callable<Void>> tasks = new ArrayList<>();
    batch.invited().forEach((room, invited) ->
        Events.invite(room, invited, settings.self()).ifPresent(inv -> tasks.add(() -> {
          handleInvite(inv);
          return null;
        })));
    if (history) {
      int skipped = work.values().stream().mapToInt(List::size).sum();
      log.info("fresh start: not replaying {} events from before the bot started", skipped);
      work.forEach((room, events) -> events.forEach(e -> noteState(room, e)));
    } else {
      work.forEach((room, events) -> tasks.add(() -> {
        for (RoomEvent e : events) {
          try {
            handle(room, e);
          } catch (RuntimeException ex) {
            // Handlers are isolated in call(); this catches the dispatcher's own work for one event (a failed
            // lookup, say) so it cannot cost the events after it.
            log.error("event {} in {} could not be dispatched", e.eventId(), room, ex);
          }
        }
        return null;
      }));
    }
    for (Future<Void> f : pool.invokeAll(tasks)) {
      try {
        f.get();
      } catch (ExecutionException e) {
        // handle() isolates handler failures itself; reaching here is a bug in the dispatcher.
        log.error("dispatch task failed", e.getCause());
      }
    }
  }

  private void handleInvite(InviteEvent invite) {
    EventContext ctx = new EventContext(client, invite.room(), invite.inviter(), null, guard);
    for (Handler<?> h : registry.invites) {
      call(h, new Invocation(ctx, invite, null, null), "invite to " + invite.room());
    }
  }

  /** Keeps caches true to the room even for events no handler sees (the bot's own, history). */
  private void noteState(RoomId room, RoomEvent e) {
    if (e.isState() && e.type().equals("m.room.power_levels")) {
      powerLevels.invalidate(room);
    }
  }

  void handle(RoomId room, RoomEvent e) {
    noteState(room, e);
    boolean own = e.sender().equals(settings.self());
    if (own && !e.type().equals("m.room.member")) {
      return; // the bot's own messages: never handled, and not worth a dedupe write
    }
    if (!firstTime.test(e.eventId())) {
      return;
    }
    BotEvent typed = Events.typed(room, e).orElse(null);
    EventContext ctx = new EventContext(client, room, e.sender(), e.eventId(), guard);
    if (typed instanceof MembershipEvent m) {
      // The bot's own join is the one own event worth telling handlers about (e.g. to say hello).
      if (own && !(m.change() == MembershipEvent.Change.JOIN && m.target().equals(settings.self()))) {
        return;
      }
      membership(ctx, m, e, own);
    } else if (own) {
      return;
    } else if (typed instanceof MessageEvent msg) {
      if (!commands.route(msg)) {
        messages(ctx, msg, e);
      }
    } else if (typed instanceof ReactionEvent r) {
      for (Handler<OnReaction> h : registry.reactions) {
        String key = h.annotation().value();
        if (key.isEmpty() || key.equals(r.key())) {
          call(h, new Invocation(ctx, r, e, null), e.eventId().value());
        }
      }
    }
    if (!own) {
      for (Handler<OnEvent> h : registry.events) {
        String[] types = h.annotation().value();
        if (Arrays.asList(types).contains(e.type()) || Arrays.asList(types).contains("*")) {
          call(h, new Invocation(ctx, typed, e, null), e.eventId().value());
        }
      }
    }
  }

  private void membership(EventContext ctx, MembershipEvent m, RoomEvent e, boolean own) {
    Invocation inv = new Invocation(ctx, m, e, null);
    String id = e.eventId().value();
    switch (m.change()) {
      case JOIN -> registry.joins.stream().filter(h -> !own || h.annotation().includeSelf())
          .forEach(h -> call(h, inv, id));
      case LEAVE, KICK, BAN -> registry.leaves.forEach(h -> call(h, inv, id));
      default -> { }
    }
    if (!own) {
      registry.memberships.forEach(h -> call(h, inv, id));
    }
  }

  private void messages(EventContext ctx, MessageEvent msg, RoomEvent e) {
    for (Handler<OnMessage> h : registry.messages) {
      OnMessage a = h.annotation();
      if (a.msgtypes().length > 0 && !Arrays.asList(a.msgtypes()).contains(msg.msgtype())) {
        continue;
      }
      if (a.rooms().length > 0 && !Arrays.asList(a.rooms()).contains(msg.room().value())) {
        continue;
      }
      java.util.regex.Pattern p = registry.messagePatterns.get(h);
      if (p != null && !p.matcher(msg.body()).find()) {
        continue;
      }
      call(h, new Invocation(ctx, msg, e, null), e.eventId().value());
    }
  }

  private void call(Handler<?> h, Invocation inv, String what) {
    try {
      h.invoke(inv);
    } catch (Throwable t) {
      log.error("handler {} failed on {} in {}", h.name(), what, inv.context().room(), t);
    }
  }

  /** Stops the handler pool; handlers still running get 10 s to finish. */
  @Override
  public void close() throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
  }
}

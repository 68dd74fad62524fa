package dev.steward.bot.internal.dispatch;

import dev.steward.bot.internal.dispatch.HandlerRegistry.Bound;
import dev.steward.bot.event.BotEvent;
import dev.steward.bot.event.Events;
import dev.steward.bot.event.InviteEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReceiptEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.bot.event.TypingEvent;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.model.BasicEvent;
import dev.steward.client.model.RoomEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one event to the handlers it is for: types it, sends commands to the {@link CommandRouter}, and calls every
 * handler whose route takes the typed event and whose condition accepts it. A handler that throws is logged with the
 * event; the others still run. The bot's own events reach only handlers that ask for them.
 */
final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final MatrixClient client;
  private final HandlerRegistry registry;
  private final DispatchSettings settings;
  private final SendGuard guard;
  private final DispatchMetrics metrics;
  private final PowerLevelCache powerLevels;
  private final CommandRouter commands;
  private final OutageWait outage;

  Router(MatrixClient client, HandlerRegistry registry, DispatchSettings settings, ReplyGuard guard,
         DispatchMetrics metrics) {
    this.metrics = metrics;
    this.client = client;
    this.registry = registry;
    this.settings = settings;
    this.guard = new SendGuard(guard);
    this.powerLevels = new PowerLevelCache(client.rooms());
    this.commands = new CommandRouter(registry, settings, powerLevels, client, this.guard, metrics);
    this.outage = new OutageWait(client.reachability(), settings.outageBudget());
  }

  /** Keeps caches true to the room even for events no handler sees (the bot's own, history). */
  void noteState(RoomId room, RoomEvent e) {
    if (e.isState() && e.type().equals("m.room.power_levels")) {
      powerLevels.invalidate(room);
    }
    if (e.isState() && e.type().equals("m.room.name") && e.stateKey().isEmpty()) {
      String name = e.contentText("name");
      metrics.roomName(room, name == null ? "" : name);
    }
  }

  /** Whether a room event may reach handlers at all: everything but the bot's own events, except its membership. */
  boolean mayReachHandlers(RoomEvent e) {
    // The bot's own messages are never handled and not worth a dedupe write; its own join is (handlers greet).
    return !e.sender().equals(settings.self()) || e.type().equals("m.room.member");
  }

  /** Runs the handlers of an invite of the bot. */
  void invite(InviteEvent invite) {
    try (LogContext ignored = LogContext.event(invite.room(), null, invite.inviter())) {
      HandlerContext ctx = new HandlerContext(client, invite.room(), invite.inviter(), null, null, guard, "");
      route(ctx, invite, false, false, "invite to " + invite.room());
    }
  }

  /** Runs the handlers of one timeline event. */
  void timeline(RoomId room, RoomEvent e) {
    try (LogContext ignored = LogContext.event(room, e.eventId(), e.sender())) {
      boolean own = e.sender().equals(settings.self());
      TimelineEvent typed = Events.typed(room, e);
      HandlerContext ctx = new HandlerContext(client, room, e.sender(), e.eventId(), typed, guard, "");
      boolean ranCommand = !own && typed instanceof MessageEvent msg && command(msg);
      route(ctx, typed, own, ranCommand, e.eventId().value());
    }
  }

  /** Runs {@code msg} if it is a command, through an outage of the homeserver; whether it was one. */
  private boolean command(MessageEvent msg) {
    boolean[] wasCommand = new boolean[1];
    try {
      outage.run(() -> wasCommand[0] = commands.route(msg), true, "command " + msg.eventId() + " in " + msg.room());
    } catch (OutageWait.BudgetSpent e) {
      throw e;
    } catch (Throwable t) {
      // The router answers every failure of a command itself; anything left is the router's own bug.
      log.error("command {} in {} could not be routed", msg.eventId(), msg.room(), t);
      return true;
    }
    return wasCommand[0];
  }

  /** Whether any handler takes typing notices or receipts: a room's ephemeral events are skipped otherwise. */
  boolean wantsEphemeral() {
    return registry.routes(TypingEvent.class) || registry.routes(ReceiptEvent.class);
  }

  /** Runs the handlers of a room's typing notices and receipts. */
  void ephemeral(RoomId room, List<BasicEvent> events) {
    try (LogContext ignored = LogContext.event(room, null, null)) {
      for (BasicEvent e : events) {
        for (BotEvent typed : Events.ephemeral(room, e)) {
          HandlerContext ctx = new HandlerContext(client, room, null, null, null, guard, "");
          route(ctx, typed, typed instanceof ReceiptEvent r && r.user().equals(settings.self()), false,
              e.type() + " in " + room);
        }
      }
    }
  }

  private void route(HandlerContext ctx, BotEvent event, boolean own, boolean ranCommand, String what) {
    for (Bound b : registry.handlersOf(event.getClass())) {
      if ((!own || b.takesOwn()) && !(ranCommand && b.route().skipsCommands()) && b.accepts().test(event)) {
        call(b.handler(), ctx, event, what);
      }
    }
  }

  private void call(Handler h, HandlerContext ctx, BotEvent event, String what) {
    long start = System.nanoTime();
    boolean failed = false;
    try (LogContext ignored = LogContext.handler(h.name())) {
      // Each handler numbers its sends on its own, so a re-run (after a crash, or once an unreachable homeserver
      // is back) reuses exactly its transaction ids.
      outage.run(() -> h.invoke(new Invocation(ctx.forHandler(h.scope()), event, null)), false,
          h.name() + " on " + what);
    } catch (OutageWait.BudgetSpent e) {
      failed = true;
      throw e;
    } catch (Throwable t) {
      failed = true;
      log.error("handler {} failed on {} in {}", h.name(), what, ctx.room(), t);
      metrics.failed(h.name(), t);
    } finally {
      metrics.handler(h.name(), System.nanoTime() - start, failed);
    }
  }
}

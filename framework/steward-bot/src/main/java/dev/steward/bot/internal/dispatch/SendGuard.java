package dev.steward.bot.internal.dispatch;

import dev.steward.bot.config.Durations;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReactionEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link ReplyGuard} to the sends of handler contexts: counts the quick answering turns with each sender per
 * room, holds back answers to a sender that loops with the bot, and paces sends when the guard asks for it. One per
 * runtime, shared by every context.
 */
final class SendGuard {
  private static final Logger log = LoggerFactory.getLogger(SendGuard.class);
  /** The bot's own recent events per room that an answer may relate to. */
  private static final int OWN_EVENTS_KEPT = 16;
  /** Past this many senders in a room's table, senders idle for longer than the guard cares about are forgotten. */
  private static final int EXCHANGES_BEFORE_PRUNING = 64;

  private final ReplyGuard limits;
  private final LongSupplier nanos;
  private final long windowNanos;
  private final long quietNanos;
  private final ConcurrentHashMap<RoomId, RoomSends> rooms = new ConcurrentHashMap<>();

  SendGuard(ReplyGuard limits, LongSupplier nanos) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.nanos = Objects.requireNonNull(nanos, "nanos");
    this.windowNanos = limits.turnWindow().toNanos();
    this.quietNanos = limits.quiet().toNanos();
  }

  SendGuard(ReplyGuard limits) {
    this(limits, System::nanoTime);
  }

  /** The exchange with one sender in one room. Guarded by its room's {@link RoomSends}. */
  private static final class Exchange {
    /** Answering turns in a row. */
    int turns;
    /** When the bot last sent something triggered by this sender; 0 for never. */
    long lastSend;
    /** When this sender last answered the bot. */
    long lastAnswer;
    /** The trigger of the last decision: further sends for the same event get the same answer. */
    EventId lastTrigger;
    boolean lastVerdict;
    boolean looping;
  }

  private static final class RoomSends {
    final Map<EventId, Boolean> own = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<EventId, Boolean> eldest) {
        return size() > OWN_EVENTS_KEPT;
      }
    };
    final Map<UserId, Exchange> exchanges = new HashMap<>();
    /** The table size that next prunes it; grows with the room so pruning stays rare. */
    int pruneAt = EXCHANGES_BEFORE_PRUNING;
    /** Pacing: tokens left (negative while sends wait) and when they were last counted. */
    double tokens = Double.NaN;
    long counted;
  }

  /**
   * Whether a send into {@code room} triggered by {@code trigger} may go out: false only while its sender loops with
   * the bot. Sends without a trigger (invites, schedules) or triggered by the bot itself always may.
   */
  boolean permit(RoomId room, TimelineEvent trigger) {
    if (trigger == null || trigger.sender() == null || trigger.eventId() == null) {
      return true;
    }
    RoomSends sends = rooms.computeIfAbsent(room, r -> new RoomSends());
    synchronized (sends) {
      long now = nanos.getAsLong();
      if (sends.exchanges.size() >= sends.pruneAt) {
        prune(sends, now);
      }
      Exchange x = sends.exchanges.computeIfAbsent(trigger.sender(), s -> new Exchange());
      if (trigger.eventId().equals(x.lastTrigger)) {
        return x.lastVerdict; // another send, or another handler, for the same event
      }
      x.lastTrigger = trigger.eventId();
      boolean answer = answersUs(trigger, sends);
      boolean verdict;
      if (x.looping) {
        if (answer && now - x.lastAnswer < quietNanos) {
          x.lastAnswer = now;
          log.debug("not answering {} in {}: still looping with the bot", trigger.sender(), room);
          verdict = false;
        } else {
          log.info("{} in {} is no longer looping with the bot; answering it again", trigger.sender(), room);
          x.looping = false;
          x.turns = 0;
          verdict = true;
        }
      } else if (answer && x.lastSend != 0 && now - x.lastSend <= window(trigger)) {
        x.lastAnswer = now;
        x.turns++;
        verdict = x.turns <= limits.loopTurns();
        if (!verdict) {
          x.looping = true;
          log.warn("{} answered the bot {} times in a row in {}, each within {}: a loop between bots? Not answering "
              + "it there until it is quiet for {}", trigger.sender(), x.turns, room,
              Durations.format(limits.turnWindow()), Durations.format(limits.quiet()));
        }
      } else {
        x.turns = 0;
        verdict = true;
      }
      x.lastVerdict = verdict;
      return verdict;
    }
  }

  /** Notes a send that went out, so answers to it are recognised. */
  void sent(RoomId room, TimelineEvent trigger, EventId sent) {
    RoomSends sends = rooms.computeIfAbsent(room, r -> new RoomSends());
    synchronized (sends) {
      if (sent != null) {
        sends.own.put(sent, Boolean.TRUE);
      }
      if (trigger != null && trigger.sender() != null) {
        sends.exchanges.computeIfAbsent(trigger.sender(), s -> new Exchange()).lastSend = nanos.getAsLong();
      }
    }
  }

  /** Waits for the room's pace, if the guard paces; returns at once otherwise. */
  void pace(RoomId room) {
    long wait = reserve(room);
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the send goes out now; whoever interrupted sees the flag
      }
    }
  }

  /** Takes the room's next send slot; how long to wait for it, in nanoseconds (0 without pacing). */
  long reserve(RoomId room) {
    if (!limits.pacing()) {
      return 0;
    }
    RoomSends sends = rooms.computeIfAbsent(room, r -> new RoomSends());
    synchronized (sends) {
      long now = nanos.getAsLong();
      if (Double.isNaN(sends.tokens)) {
        sends.tokens = limits.burst();
      } else {
        sends.tokens = Math.min(limits.burst(), sends.tokens + (now - sends.counted) / 1e9 * limits.perSecond());
      }
      sends.counted = now;
      sends.tokens -= 1;
      return sends.tokens >= 0 ? 0 : (long) Math.ceil(-sends.tokens / limits.perSecond() * 1e9);
    }
  }

  /**
   * How soon after the bot's send an answer counts as a turn: a reply or reaction within the turn window (people
   * reply too, at human speed); a notice, which people do not send, within the quiet spell, so that two bots the
   * homeserver rate-limits to a message every few seconds still count as looping.
   */
  private long window(TimelineEvent trigger) {
    return trigger instanceof MessageEvent m && m.isNotice() ? Math.max(windowNanos, quietNanos) : windowNanos;
  }

  /** A notice (what bots send), or a reply or reaction to one of the bot's recent messages. */
  private static boolean answersUs(TimelineEvent trigger, RoomSends sends) {
    if (trigger instanceof MessageEvent m) {
      return m.isNotice() || (m.inReplyTo() != null && sends.own.containsKey(m.inReplyTo()));
    }
    if (trigger instanceof ReactionEvent r) {
      return r.target() != null && sends.own.containsKey(r.target());
    }
    return false;
  }

  private void prune(RoomSends sends, long now) {
    long idle = Math.max(windowNanos, quietNanos);
    for (Iterator<Exchange> it = sends.exchanges.values().iterator(); it.hasNext(); ) {
      Exchange x = it.next();
      if (now - Math.max(x.lastSend, x.lastAnswer) > idle) {
        it.remove();
      }
    }
    sends.pruneAt = Math.max(EXCHANGES_BEFORE_PRUNING, 2 * sends.exchanges.size());
  }
}

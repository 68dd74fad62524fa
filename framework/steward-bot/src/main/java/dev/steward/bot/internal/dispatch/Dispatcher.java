package dev.steward.bot.internal.dispatch;

import dev.steward.bot.event.Events;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.bot.store.EventDedupe;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.SyncLoop;
import dev.steward.client.model.BasicEvent;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds sync batches to the handlers. Each room's events run in order, one room after another on its own lane,
 * rooms in parallel on a bounded pool; a batch completes when every handler of it has finished, so the sync token is
 * saved after the work is done. Batches may overlap (the sync loop fetches ahead): a room's events from the next
 * batch queue behind its events from this one, while other rooms go on.
 *
 * <p>Events are claimed in the store, a room's events of a batch at once, before their handlers run, and marked done
 * after: one delivered again (a retried sync, a restart) is skipped, and one whose handler was cut off by a crash
 * runs again after the restart. A handler that throws is logged with the event id; the other handlers and the loop go on.
 *
 * <p>With {@link Decryption} (the bot has encryption on), each batch's to-device messages are handled on the sync
 * thread before its rooms are queued, and {@code m.room.encrypted} events are decrypted on their room's lane and
 * handled as the events they hold. One whose room key has not come is parked and handled on its lane when the key
 * comes (see {@link Decryption}); it is claimed again then, so it runs once, also across a restart. A batch large
 * enough to come in parts has its to-device messages in its last part: an event of an earlier part whose key is in
 * that batch is parked, and runs as soon as the last part brings the key, after the room's events of its part.
 */
public final class Dispatcher implements SyncLoop.PartedBatchConsumer, SyncLoop.BatchConsumer, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final DispatchSettings settings;
  private final EventDedupe dedupe;
  private final DoneMarks doneMarks;
  private final Router router;
  private final ExecutorService pool;
  private final DispatchMetrics metrics;
  /** The last queued work of each room with work queued; a room's next work runs after it. */
  private final ConcurrentHashMap<RoomId, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();
  /** Lane work not finished yet; close() fails what the pool will no longer run. */
  private final Set<CompletableFuture<Void>> unfinished = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean skipHistory;
  private final AtomicBoolean firstBatch = new AtomicBoolean(true);
  /** Null when the bot has no encryption. */
  private final Decryption decryption;

  /**
   * @param dedupe claims events before their handlers and records them done after (the runtime backs it with the
   *     store so it holds across restarts)
   */
  public Dispatcher(MatrixClient client, HandlerRegistry registry, DispatchSettings settings, EventDedupe dedupe,
                    ReplyGuard guard) {
    this(client, registry, settings, dedupe, guard, DispatchMetrics.NONE);
  }

  /** As above, telling {@code metrics} what happens. */
  public Dispatcher(MatrixClient client, HandlerRegistry registry, DispatchSettings settings, EventDedupe dedupe,
                    ReplyGuard guard, DispatchMetrics metrics) {
    this(client, registry, settings, dedupe, guard, metrics, null);
  }

  /** As above, decrypting events of encrypted rooms through {@code decryption} (null for a bot without encryption). */
  public Dispatcher(MatrixClient client, HandlerRegistry registry, DispatchSettings settings, EventDedupe dedupe,
                    ReplyGuard guard, DispatchMetrics metrics, Decryption decryption) {
    this.metrics = metrics;
    this.decryption = decryption;
    if (decryption != null) {
      decryption.observe(metrics);
    }
    metrics.laneDepth(unfinished::size);
    this.settings = settings;
    this.dedupe = dedupe;
    this.doneMarks = new DoneMarks(dedupe);
    this.router = new Router(client, registry, settings, guard, metrics);
    this.skipHistory = new AtomicBoolean(settings.skipHistoryOfFirstBatch());
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(settings.threads(), r -> {
      Thread t = new Thread(r, "steward-handler-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Handles a batch and returns when it is done (for callers without a pipeline). */
  @Override
  public void accept(SyncResponse batch) throws InterruptedException {
    try {
      submit(batch).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  /** Queues a batch's work on its rooms' lanes; the future completes when all of it has run. */
  @Override
  public CompletableFuture<Void> submit(SyncResponse batch) {
    return new Parts(skipHistory.get()).finish(batch); // finish() ends the history, once the batch is taken
  }

  /**
   * Takes a batch in parts as the sync loop reads it, each part queued on its rooms' lanes as it comes; the batch
   * is the first (whose history a fresh start skips) until a batch is finished.
   */
  @Override
  public SyncLoop.BatchInParts begin() {
    return new Parts(skipHistory.get());
  }

  /** One batch, whole or in parts. */
  private final class Parts implements SyncLoop.BatchInParts {
    private final boolean history;
    private int rooms;
    private int historySkipped;

    Parts(boolean history) {
      this.history = history;
    }

    @Override
    public CompletableFuture<Void> rooms(Map<RoomId, JoinedRoom> joined) {
      rooms += joined.size();
      return queue(joined, null);
    }

    @Override
    public CompletableFuture<Void> finish(SyncResponse rest) {
      Set<RoomId> parkedDue = Set.of();
      if (decryption != null) {
        try {
          // Before the rooms of this part are queued: a room key may come in the batch of the event it opens.
          decryption.receive(rest);
          parkedDue = decryption.roomsDue();
        } catch (RuntimeException e) {
          // Failing the batch brings it (and its to-device messages) again; losing them would lose room keys.
          log.error("the batch's to-device messages could not be handled; it will be delivered again", e);
          metrics.failed("encryption", e);
          return CompletableFuture.failedFuture(e);
        }
      }
      if (history) {
        skipHistory.set(false);
      }
      // Parked events whose key came go first on their lanes: they are older than this part's events.
      List<CompletableFuture<Void>> parked = new ArrayList<>();
      parkedDue.forEach(room -> parked.add(onLane(room, () -> runParked(room))));
      rooms += rest.joined().size();
      if (firstBatch.getAndSet(false)) {
        log.info("first sync: in {} rooms, {} invites pending", rooms, rest.invited().size());
      }
      CompletableFuture<Void> done = queue(rest.joined(), rest);
      if (history) {
        log.info("fresh start: not replaying {} events from before the bot started", historySkipped);
      }
      if (!parked.isEmpty()) {
        parked.add(done);
        done = CompletableFuture.allOf(parked.toArray(CompletableFuture[]::new));
      }
      return done;
    }

    /** Queues the work of {@code joined} and, from the batch's last part {@code rest}, of its invites and left rooms. */
    private CompletableFuture<Void> queue(Map<RoomId, JoinedRoom> joined, SyncResponse rest) {
      Map<RoomId, List<RoomEvent>> work = new LinkedHashMap<>();
      Map<RoomId, List<BasicEvent>> ephemeral = new HashMap<>();
      boolean wantsEphemeral = router.wantsEphemeral();
      long newest = 0;
      for (Map.Entry<RoomId, JoinedRoom> entry : joined.entrySet()) {
        JoinedRoom room = entry.getValue();
        List<RoomEvent> events = new ArrayList<>(room.state());
        events.addAll(room.timeline().events());
        for (RoomEvent e : room.timeline().events()) {
          newest = Math.max(newest, e.originServerTs());
        }
        work.put(entry.getKey(), events);
        if (wantsEphemeral && !room.ephemeral().isEmpty()) {
          ephemeral.put(entry.getKey(), room.ephemeral());
        }
      }
      if (newest > 0) {
        metrics.newestEvent(newest);
      }
      List<CompletableFuture<Void>> parts = new ArrayList<>();
      if (rest != null) {
        rest.left().forEach((room, left) -> work.computeIfAbsent(room, r -> new ArrayList<>())
            .addAll(left.timeline().events()));
        rest.invited().forEach((room, invited) -> Events.invite(room, invited, settings.self())
            .ifPresent(inv -> parts.add(CompletableFuture.runAsync(() -> router.invite(inv), pool))));
      }
      if (history) {
        historySkipped += work.values().stream().mapToInt(List::size).sum();
        work.forEach((room, events) -> events.forEach(e -> {
          metrics.received(DispatchMetrics.kind(e));
          noteState(room, e);
        }));
      } else {
        work.forEach((room, events) -> parts.add(onLane(room, () -> handle(room, events, ephemeral.get(room)))));
      }
      return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
    }
  }

  /** Handles a room's events of a batch, on its lane: claims them, runs their handlers, records them done. */
  private void handle(RoomId room, List<RoomEvent> events, List<BasicEvent> typingAndReceipts) {
    // Claimed on the room's lane, not the sync thread: rooms claim in parallel, and a batch delivered twice
    // meets the claims of its first delivery, which ran before it on the same lane.
    Set<String> claimed = claim(events);
    DoneMarks.Pending done = doneMarks.pending();
    try {
      for (int i = 0; i < events.size(); i++) {
        RoomEvent e = events.get(i);
        try {
          String kind = DispatchMetrics.kind(e);
          metrics.received(kind);
          noteState(room, e);
          if (claimed == null ? router.mayReachHandlers(e) : claimed.contains(e.eventId().value())) {
            RoomEvent plain = e;
            if (decryption != null && e.type().equals(Decryption.ENCRYPTED)) {
              Decryption.Outcome opened = decryption.open(room, e);
              if (opened.parked()) {
                // Not done: the claim goes, so that the run after its key came (or a restart) claims it.
                dedupe.forget(e.eventId().value());
                continue;
              }
              plain = opened.event(); // null: it cannot be decrypted, and Decryption has reported it
            }
            if (plain != null) {
              router.timeline(room, plain);
              metrics.handled(plain == e ? kind : DispatchMetrics.kind(plain));
            }
            if (Thread.currentThread().isInterrupted()) {
              // Cut off by close(): not done, so the batch fails, its token is not saved and it comes again.
              throw new CancellationException("dispatcher closed while " + e.eventId() + " was handled");
            }
            done.add(e.eventId().value());
          }
        } catch (CancellationException ex) {
          throw ex;
        } catch (OutageWait.BudgetSpent ex) {
          // The homeserver stayed away: this event and the room's later ones are not done. Their claims are
          // released so that the batch, delivered again, runs them; the batch fails, so its token is not saved.
          for (RoomEvent rest : events.subList(i, events.size())) {
            if (claimed == null ? router.mayReachHandlers(rest) : claimed.contains(rest.eventId().value())) {
              dedupe.forget(rest.eventId().value());
            }
          }
          throw ex;
        } catch (RuntimeException ex) {
          // Handlers are isolated in call(); this catches the dispatcher's own work for one event (a failed
          // lookup, say) so it cannot cost the events after it.
          log.error("event {} in {} could not be dispatched", e.eventId(), room, ex);
          metrics.failed("dispatch", ex);
        }
      }
    } finally {
      done.flush(); // the events that finished are recorded, also when close() cut the rest off
    }
    // Typing and receipts carry no event id: nothing to claim, and after a restart they may come again.
    if (typingAndReceipts != null) {
      router.ephemeral(room, typingAndReceipts);
    }
  }

  private void noteState(RoomId room, RoomEvent e) {
    router.noteState(room, e);
    if (decryption != null && e.isState()) {
      decryption.noteState(room, e);
    }
  }

  /**
   * Runs {@code room}'s parked events that are due, on its lane: each is claimed first (a batch delivered again may
   * have handled it already), decrypted, and handled as a plain one; or still waits; or is reported and dropped.
   */
  private void runParked(RoomId room) {
    List<ParkedEvents.Parked> due = decryption.takeDue(room);
    for (int i = 0; i < due.size(); i++) {
      ParkedEvents.Parked p = due.get(i);
      String id = p.eventId().value();
      if (dedupe.claim(List.of(id)).isEmpty()) {
        decryption.finished(p);
        continue;
      }
      try {
        Decryption.Outcome opened = decryption.reopen(p);
        if (opened.parked()) {
          dedupe.forget(id);
          continue;
        }
        if (opened.event() != null) {
          router.timeline(room, opened.event());
          metrics.handled(DispatchMetrics.kind(opened.event()));
          if (Thread.currentThread().isInterrupted()) {
            // Claimed and not done: the restart releases the claim and finds the event still parked.
            throw new CancellationException("dispatcher closed while " + id + " was handled");
          }
        }
        dedupe.done(List.of(id));
        decryption.finished(p);
      } catch (CancellationException ex) {
        throw ex;
      } catch (OutageWait.BudgetSpent ex) {
        // The homeserver stayed away: this one and the room's later parked events are tried at the next batch.
        dedupe.forget(id);
        due.subList(i, due.size()).forEach(decryption::retry);
        throw ex;
      } catch (RuntimeException ex) {
        log.error("encrypted event {} in {} could not be dispatched", id, room, ex);
        metrics.failed("dispatch", ex);
        dedupe.done(List.of(id));
        decryption.finished(p);
      }
    }
  }

  /**
   * Claims, in one call, a room's events that handlers may see: everything but the bot's own messages. Returns the
   * ids claimed, or null when every one was: the usual case, which then needs no set of them.
   */
  private Set<String> claim(List<RoomEvent> events) {
    List<String> ids = new ArrayList<>(events.size());
    for (RoomEvent e : events) {
      if (router.mayReachHandlers(e)) {
        ids.add(e.eventId().value());
      }
    }
    List<String> claimed = dedupe.claim(ids);
    if (claimed.size() < ids.size()) {
      metrics.duplicates(ids.size() - claimed.size());
    }
    // The ids as strings: parsing them again would check each once more.
    return claimed.size() == ids.size() ? null : new HashSet<>(claimed);
  }

  /**
   * Runs {@code work} after everything queued before it for {@code room}. If that failed (the batch will come again
   * from the last saved token), this fails too rather than run the room's later events ahead of the earlier ones.
   */
  private CompletableFuture<Void> onLane(RoomId room, Runnable work) {
    CompletableFuture<Void> next = new CompletableFuture<>();
    unfinished.add(next);
    next.whenComplete((v, e) -> {
      lanes.remove(room, next);
      unfinished.remove(next);
    });
    CompletableFuture<Void> before = lanes.put(room, next);
    CompletableFuture<Void> after = before == null ? CompletableFuture.completedFuture(null) : before;
    after.whenComplete((v, failed) -> {
      if (failed != null) {
        next.completeExceptionally(failed);
        return;
      }
      try {
        pool.execute(() -> {
          try {
            work.run();
            next.complete(null);
          } catch (Throwable t) {
            next.completeExceptionally(t);
          }
        });
      } catch (RejectedExecutionException closed) {
        next.completeExceptionally(closed);
      }
    });
    return next;
  }

  /** Stops the handler pool; handlers still running get 10 s to finish. Then records what finished as done. */
  @Override
  public void close() throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
    // Work the pool dropped or cut off will never finish by itself: fail it, so the batches waiting on it end (their
    // tokens unsaved, to come again on the next start) instead of waiting forever.
    CancellationException closed = new CancellationException("dispatcher closed");
    unfinished.forEach(f -> f.completeExceptionally(closed));
    doneMarks.close();
  }
}

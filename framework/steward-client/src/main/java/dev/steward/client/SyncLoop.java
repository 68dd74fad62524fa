package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.Json;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.SyncResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-polls {@code /sync} on its own thread and hands each batch to a consumer. The {@code next_batch} token is
 * saved only after the consumer finished the batch, so every batch is handled at least once: if the consumer fails,
 * the same batch comes again after a backoff. Transient errors back off and resume; a rejected access token
 * ({@code M_UNKNOWN_TOKEN}) stops the loop and is kept in {@link #failure()}.
 *
 * <p>An {@linkplain #asyncBuilder asynchronous consumer} lets the loop fetch the next batches while earlier ones
 * are still being handled, up to a {@linkplain Builder#depth depth}; tokens are still saved strictly in order, each
 * once its batch and every batch before it are done. Events a limited timeline left out (more arrived than one sync
 * carries) are read back first, so the consumer sees every event of a joined room.
 */
public final class SyncLoop {
  private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);

  /** Receives each batch. Throwing makes the loop re-deliver the batch later. */
  @FunctionalInterface
  public interface BatchConsumer {
    void accept(SyncResponse batch) throws Exception;
  }

  /**
   * Takes each batch and returns at once with a stage that completes when the batch is handled. Failing (by
   * throwing or by completing the stage exceptionally) makes the loop re-deliver that batch and the ones after it.
   */
  @FunctionalInterface
  public interface AsyncBatchConsumer {
    CompletionStage<?> submit(SyncResponse batch) throws Exception;
  }

  /**
   * An asynchronous consumer that also takes a batch in parts as the loop reads it: the joined rooms in groups, then
   * the rest. A body larger than a few MiB (the initial sync of an account in many rooms) is then never held whole,
   * neither its bytes nor all its rooms' events; smaller ones come whole to {@link BatchInParts#finish}. The token is
   * saved once every part is handled; when a part fails, or the body breaks off after parts were handed on, the loop
   * waits for the parts handed on and the batch comes again from the last saved token.
   */
  public interface PartedBatchConsumer extends AsyncBatchConsumer {
    /** Starts taking one batch in parts; called before each sync. A batch that never finishes is dropped. */
    BatchInParts begin();
  }

  /** One batch, taken in parts: {@link #rooms} any number of times, then {@link #finish} once. */
  public interface BatchInParts {
    /**
     * Some of the batch's joined rooms, none of them in an earlier part; returns at once with a stage that completes
     * when they are handled.
     */
    CompletionStage<?> rooms(Map<RoomId, JoinedRoom> rooms) throws Exception;

    /**
     * The rest of the batch, its last part: the token, invites, left rooms, account data and the rest, and in
     * {@link SyncResponse#joined()} the joined rooms not handed on by {@link #rooms} (every one of a small batch).
     * Returns at once with a stage that completes when this part is handled.
     */
    CompletionStage<?> finish(SyncResponse rest) throws Exception;
  }

  /** A batch handed to the consumer whose token is not saved yet. */
  private record Pending(CompletableFuture<?> done, String token) {}

  private final MatrixClient client;
  private final AsyncBatchConsumer consumer;
  private final int depth;
  private final SyncTokenStore tokens;
  private final Duration timeout;
  private final JsonNode filter;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final String threadName;
  private final TimelineGaps gaps;

  private final AtomicReference<Call> inFlight = new AtomicReference<>();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final CountDownLatch firstBatch = new CountDownLatch(1);
  private volatile boolean running;
  private volatile Thread thread;
  private volatile Throwable failure;
  private volatile String filterId;
  private final int initialTimelineLimit;
  private volatile String initialFilterId;
  /** Batches in order of delivery, oldest first; guarded by itself. */
  private final Deque<Pending> pending = new ArrayDeque<>();
  /** Why a handed-out batch failed; once set, no later token is saved until the loop rewinds. Guarded by pending. */
  private Throwable batchFailure;
  /** The token the next sync starts from; the loop thread's alone. */
  private String since;
  private boolean sinceLoaded;

  private SyncLoop(Builder b) {
    this.client = b.client;
    this.consumer = b.consumer;
    this.depth = b.depth;
    this.tokens = b.tokens;
    this.timeout = b.timeout;
    this.filter = b.filter;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.threadName = b.threadName;
    this.initialTimelineLimit = b.initialTimelineLimit;
    this.gaps = new TimelineGaps(b.client.history(), b.gapFillLimit);
  }

  /** Starts building a loop for {@code client} that feeds {@code consumer}, one batch at a time. */
  public static Builder builder(MatrixClient client, BatchConsumer consumer) {
    Objects.requireNonNull(consumer, "consumer");
    return new Builder(client, batch -> {
      consumer.accept(batch);
      return CompletableFuture.completedFuture(null);
    }, 1);
  }

  /**
   * Starts building a loop for {@code client} that hands batches to {@code consumer} without waiting for each to be
   * handled before fetching the next (up to {@link Builder#depth}, default 2, in flight).
   */
  public static Builder asyncBuilder(MatrixClient client, AsyncBatchConsumer consumer) {
    return new Builder(client, Objects.requireNonNull(consumer, "consumer"), 2);
  }

  /**
   * Steward's default filter: lazy-loaded members (state only for the senders a timeline needs) and no presence,
   * which keeps batches small for bots in many or large rooms.
   */
  public static ObjectNode defaultFilter() {
    ObjectNode f = Json.mapper().createObjectNode();
    f.putObject("presence").putArray("not_types").add("*");
    ObjectNode room = f.putObject("room");
    room.putObject("state").put("lazy_load_members", true);
    room.putObject("timeline").put("lazy_load_members", true);
    return f;
  }

  /** Starts the loop thread. A loop runs once: start a new one after {@link #stop()}. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("sync loop already started");
    }
    running = true;
    Thread t = new Thread(this::run, threadName);
    thread = t;
    t.start();
  }

  /** Stops the loop: cancels the long-poll in flight, waits up to {@code wait} for the current batch to finish. */
  public boolean stop(Duration wait) throws InterruptedException {
    running = false;
    stopSignal.countDown();
    Call call = inFlight.get();
    if (call != null) {
      call.cancel();
    }
    return thread == null || finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until the loop ends by itself (fatal error) or is stopped. */
  public boolean awaitTermination(Duration wait) throws InterruptedException {
    return finished.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until the first batch has been handled and its token saved; false if {@code wait} ran out first. */
  public boolean awaitFirstBatch(Duration wait) throws InterruptedException {
    return firstBatch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the loop thread is still working. */
  public boolean isRunning() {
    return thread != null && finished.getCount() > 0;
  }

  /** Why the loop stopped by itself (a revoked token, an {@link Error} such as running out of heap), if it did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Runs one sync and hands it to the consumer. Used by the loop thread; callable directly for a caller that drives
   * its own schedule. Returns the batch once fewer than {@code depth} batches are in flight, so with depth 1 (every
   * {@link #builder synchronous} loop) the batch is handled and its token saved on return. For a
   * {@link PartedBatchConsumer} that took a large batch in parts, what is returned is its rest, without the joined
   * rooms handed on in groups.
   */
  public SyncResponse pollOnce() throws Exception {
    if (filterId == null && filter != null) {
      if (!client.knowsUserId()) {
        client.whoami();
      }
      filterId = client.uploadFilter(filter);
      log.debug("sync filter uploaded as {}", filterId);
    }
    if (!sinceLoaded) {
      since = tokens.load().orElse(null);
      sinceLoaded = true;
    }
    // An initial sync should return at once with the current state rather than wait for new events.
    Duration wait = since == null ? Duration.ZERO : timeout;
    SyncRequest request = new SyncRequest(since, wait, since == null ? initialFilter() : filterId, false, null);
    PartedBatch parts = consumer instanceof PartedBatchConsumer parted
        ? new PartedBatch(parted.begin(), gaps, since) : null;
    SyncResponse batch;
    CompletableFuture<?> done;
    try {
      batch = parts == null ? client.sync(request, inFlight::set) : client.sync(request, inFlight::set, parts::rooms);
      inFlight.set(null);
      failIfABatchFailed(); // while this sync waited, an earlier batch failed: it and this one must come again
      // Before the consumer, and failing the whole poll if it fails: the token is not saved, so a retry reads again.
      batch = gaps.fill(batch, since);
      if (!running && thread != null) {
        if (parts != null) {
          parts.abandon();
        }
        return batch; // stopped meanwhile: hand nothing more out
      }
      try {
        done = parts == null ? consumer.submit(batch).toCompletableFuture() : parts.finish(batch);
      } catch (Exception | Error e) {
        rewind();
        throw e;
      }
    } catch (PartedBatch.PartFailed e) {
      parts.abandon();
      Throwable cause = e.getCause();
      if (cause instanceof Error err) {
        throw err;
      }
      throw cause instanceof Exception ex ? ex : new CompletionException(cause);
    } catch (Exception | Error e) {
      if (parts != null) {
        parts.abandon(); // what was handed on of this batch finishes before it comes again
      }
      throw e;
    }
    synchronized (pending) {
      pending.add(new Pending(done, batch.nextBatch()));
    }
    since = batch.nextBatch();
    done.whenComplete((v, e) -> settle());
    synchronized (pending) {
      while (pending.size() >= depth && batchFailure == null) {
        pending.wait();
      }
    }
    failIfABatchFailed();
    return batch;
  }

  /** After a failed batch: rewinds to the last saved token and throws why, so the loop backs off and syncs again. */
  private void failIfABatchFailed() throws Exception {
    Throwable cause;
    synchronized (pending) {
      cause = batchFailure;
    }
    if (cause != null) {
      rewind();
      throw cause instanceof Exception ex ? ex : new CompletionException(cause);
    }
  }

  /** The filter of a sync without a token: the usual one, or with a short timeline when the builder asked for it. */
  private String initialFilter() {
    if (initialTimelineLimit == 0 || filter == null) {
      return filterId;
    }
    if (initialFilterId == null) {
      ObjectNode f = filter.deepCopy();
      ObjectNode room = f.has("room") && f.get("room").isObject() ? (ObjectNode) f.get("room") : f.putObject("room");
      ObjectNode timeline = room.has("timeline") && room.get("timeline").isObject() ? (ObjectNode) room.get("timeline")
          : room.putObject("timeline");
      timeline.put("limit", initialTimelineLimit);
      initialFilterId = client.uploadFilter(f);
    }
    return initialFilterId;
  }

  /** Saves the tokens of the batches done at the head of the queue, in order; stops at a failed one. */
  private void settle() {
    synchronized (pending) {
      while (batchFailure == null && !pending.isEmpty() && pending.peek().done().isDone()) {
        Pending head = pending.peek();
        try {
          head.done().join();
          tokens.save(head.token());
        } catch (CompletionException e) {
          batchFailure = e.getCause() != null ? e.getCause() : e;
          break;
        } catch (Throwable e) {
          batchFailure = e; // the token could not be saved: deliver the batch again rather than skip it
          break;
        }
        pending.poll();
        firstBatch.countDown();
      }
      pending.notifyAll();
    }
  }

  /**
   * After a failure: waits for the batches still being handled, forgets them, and starts the next sync from the
   * last saved token, so the failed batch and everything after it come again (dedupe skips what was done).
   */
  private void rewind() throws InterruptedException {
    awaitPending();
    synchronized (pending) {
      pending.clear();
      batchFailure = null;
    }
    since = tokens.load().orElse(null);
  }

  /** Waits until every handed-out batch is handled (or failed). */
  private void awaitPending() throws InterruptedException {
    synchronized (pending) {
      while (pending.stream().anyMatch(p -> !p.done().isDone())) {
        pending.wait();
      }
    }
  }

  private void run() {
    log.info("sync loop started for {} against {}", client.userIdOrUnknown(), client.homeserver());
    int failures = 0;
    try {
      while (running) {
        try {
          pollOnce();
          failures = 0;
        } catch (MatrixException e) {
          if (!running) {
            break;
          }
          if (isFatal(e)) {
            failure = e;
            log.error("sync loop stopping: {}", e.getMessage());
            break;
          }
          failures++;
          if (Reachability.isOutage(e)) {
            awaitHomeserver(failures, e.getMessage());
          } else {
            backoff(failures, e.getMessage());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (Exception e) {
          if (!running) {
            break;
          }
          failures++;
          if (Reachability.isOutage(e)) {
            // The runtime said how long it waited and what is waiting; the outage itself was logged once.
            log.warn("a sync batch was not finished while the homeserver was unreachable; it will be delivered again");
            awaitHomeserver(failures, e.toString());
          } else {
            log.error("sync batch handler failed; the batch will be delivered again", e);
            backoff(failures, e.toString());
          }
        }
      }
    } catch (Error e) {
      // An OutOfMemoryError (a batch too big for the heap) or the like: the loop cannot go on, but it must not die
      // silently either, or the bot would look healthy with nothing syncing.
      failure = e;
      log.error("sync loop stopping on {}", e.toString());
      throw e; // an Error is not ours to swallow: the thread's uncaught handler prints it with its stack trace
    } finally {
      running = false;
      inFlight.set(null);
      try {
        awaitPending(); // batches handed out finish (and save their tokens) before the loop counts as stopped
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      finished.countDown();
      log.info("sync loop stopped");
    }
  }

  private boolean isFatal(MatrixException e) {
    if (e.isUnknownToken()) {
      return true;
    }
    // A filter the server refuses will be refused every time: that is a bug to report, not a blip to wait out.
    return filterId == null && filter != null && e.status() >= 400 && e.status() < 500 && !e.isRateLimited();
  }

  private void backoff(int failures, String why) {
    long delay = RetryPolicy.equalJitter(initialBackoff, maxBackoff, failures,
        ThreadLocalRandom.current().nextDouble()).toMillis();
    log.warn("sync failed ({} in a row): {}; retrying in {} ms", failures, why, delay);
    try {
      stopSignal.await(delay, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Waits out an outage: until the homeserver answers (the shared {@link Reachability} probes it, so the loop resumes
   * within seconds of its return) or the backoff for {@code failures} has passed, whichever is first. Logged at debug
   * only: the outage's start and end are logged once by {@link Reachability}.
   */
  private void awaitHomeserver(int failures, String why) {
    long delay = RetryPolicy.equalJitter(initialBackoff, maxBackoff, failures,
        ThreadLocalRandom.current().nextDouble()).toMillis();
    log.debug("sync failed ({} in a row): {}; waiting up to {} ms for the homeserver", failures, why, delay);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
    try {
      // In slices, so that stop() is noticed within a second.
      while (running && System.nanoTime() < deadline && stopSignal.getCount() > 0) {
        long slice = Math.min(1_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        if (client.reachability().awaitUp(Duration.ofMillis(Math.max(1, slice)))) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Builds a {@link SyncLoop}. */
  public static final class Builder {
    private final MatrixClient client;
    private final AsyncBatchConsumer consumer;
    private int depth;
    private SyncTokenStore tokens = new InMemorySyncTokenStore();
    private Duration timeout = Duration.ofSeconds(30);
    private JsonNode filter = defaultFilter();
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(1);
    private String threadName = "steward-sync";
    private int gapFillLimit = 1000;
    private int initialTimelineLimit;

    private Builder(MatrixClient client, AsyncBatchConsumer consumer, int depth) {
      this.client = Objects.requireNonNull(client, "client");
      this.consumer = consumer;
      this.depth = depth;
    }

    /**
     * How many batches may be handed out and not yet handled before the loop waits (at least 1); more lets the
     * next sync overlap slow handlers. Only for {@link #asyncBuilder asynchronous} consumers.
     */
    public Builder depth(int depth) {
      if (depth < 1) {
        throw new IllegalArgumentException("depth must be at least 1, was " + depth);
      }
      this.depth = depth;
      return this;
    }

    /**
     * The first sync without a saved token asks for at most {@code limit} events per room timeline (0, the default,
     * asks for the server's usual number): for a consumer that skips the history of a fresh start anyway, this
     * keeps the initial sync of a large account small.
     */
    public Builder initialTimelineLimit(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("limit must be 0 or more, was " + limit);
      }
      this.initialTimelineLimit = limit;
      return this;
    }

    /** Where {@code next_batch} is kept; in memory unless set. */
    public Builder tokenStore(SyncTokenStore store) {
      this.tokens = Objects.requireNonNull(store, "store");
      return this;
    }

    /** How long each long-poll may wait for events (default 30 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** A filter definition to upload once and use for every sync; null syncs unfiltered. */
    public Builder filter(JsonNode filter) {
      this.filter = filter;
      return this;
    }

    /** Backoff after a failed sync: doubles from {@code initial} up to {@code max}, with jitter. */
    public Builder backoff(Duration initial, Duration max) {
      if (initial.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("need 0 <= initial <= max");
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * How many events a room's limited timeline may be missing that the loop reads back from {@code /messages}
     * before handing the batch on (default 1,000 per room and batch; 0 hands on limited timelines as they are).
     */
    public Builder gapFillLimit(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("gapFillLimit must be >= 0, got " + limit);
      }
      this.gapFillLimit = limit;
      return this;
    }

    /** The loop thread's name. */
    public Builder threadName(String name) {
      this.threadName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Builds the loop; call {@link SyncLoop#start()} to run it. */
    public SyncLoop build() {
      return new SyncLoop(this);
    }
  }
}

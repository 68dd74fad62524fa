package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.Json;
import dev.steward.client.model.SyncResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-polls {@code /sync} on its own thread and hands each batch to a consumer. The {@code next_batch} token is
 * saved only after the consumer returned, so every batch is handled at least once: if the consumer throws, the
 * same batch comes again after a backoff. Transient errors back off and resume; a rejected access token
 * ({@code M_UNKNOWN_TOKEN}) stops the loop and is kept in {@link #failure()}.
 */
public final class SyncLoop {
  private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);

  /** Receives each batch. Throwing makes the loop re-deliver the batch later. */
  @FunctionalInterface
  public interface BatchConsumer {
    void accept(SyncResponse batch) throws Exception;
  }

  private final MatrixClient client;
  private final BatchConsumer consumer;
  private final SyncTokenStore tokens;
  private final Duration timeout;
  private final JsonNode filter;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final String threadName;

  private final AtomicReference<Call> inFlight = new AtomicReference<>();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private final CountDownLatch firstBatch = new CountDownLatch(1);
  private volatile boolean running;
  private volatile Thread thread;
  private volatile Throwable failure;
  private volatile String filterId;

  private SyncLoop(Builder b) {
    this.client = b.client;
    this.consumer = b.consumer;
    this.tokens = b.tokens;
    this.timeout = b.timeout;
    this.filter = b.filter;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.threadName = b.threadName;
  }

  /** Starts building a loop for {@code client} that feeds {@code consumer}. */
  public static Builder builder(MatrixClient client, BatchConsumer consumer) {
    return new Builder(client, consumer);
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
   * Runs one sync, hands it to the consumer, then saves its token. Used by the loop thread; callable directly for a
   * caller that drives its own schedule. Returns the batch.
   */
  public SyncResponse pollOnce() throws Exception {
    if (filterId == null && filter != null) {
      if (!client.knowsUserId()) {
        client.whoami();
      }
      filterId = client.uploadFilter(filter);
      log.debug("sync filter uploaded as {}", filterId);
    }
    String since = tokens.load().orElse(null);
    // An initial sync should return at once with the current state rather than wait for new events.
    Duration wait = since == null ? Duration.ZERO : timeout;
    SyncRequest request = new SyncRequest(since, wait, filterId, false, null);
    SyncResponse batch = client.sync(request, inFlight::set);
    inFlight.set(null);
    consumer.accept(batch);
    tokens.save(batch.nextBatch());
    firstBatch.countDown();
    return batch;
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
          backoff(failures, e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (Exception e) {
          if (!running) {
            break;
          }
          failures++;
          log.error("sync batch handler failed; the batch will be delivered again", e);
          backoff(failures, e.toString());
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

  /** Builds a {@link SyncLoop}. */
  public static final class Builder {
    private final MatrixClient client;
    private final BatchConsumer consumer;
    private SyncTokenStore tokens = new InMemorySyncTokenStore();
    private Duration timeout = Duration.ofSeconds(30);
    private JsonNode filter = defaultFilter();
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(1);
    private String threadName = "steward-sync";

    private Builder(MatrixClient client, BatchConsumer consumer) {
      this.client = Objects.requireNonNull(client, "client");
      this.consumer = Objects.requireNonNull(consumer, "consumer");
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

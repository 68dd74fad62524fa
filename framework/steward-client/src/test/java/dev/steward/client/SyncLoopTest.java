package dev.steward.client;

import static dev.steward.client.Fixtures.json;
import static dev.steward.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.internal.Json;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.Await;
import dev.steward.client.testing.ExpectedFailures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SyncLoopTest {
  private final MockWebServer server = new MockWebServer();
  private final BlockingQueue<MockResponse> syncAnswers = new LinkedBlockingQueue<>();
  private final List<RecordedRequest> syncRequests = new CopyOnWriteArrayList<>();
  private final AtomicInteger filterUploads = new AtomicInteger();
  private final List<String> filterBodies = new CopyOnWriteArrayList<>();
  private final InMemorySyncTokenStore tokens = new InMemorySyncTokenStore();
  private MatrixClient client;
  private SyncLoop loop;

  @BeforeEach
  void setUp() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (request.getPath().startsWith("/_matrix/client/v3/user/@bot:localhost/filter")) {
          filterBodies.add(request.getBody().readUtf8());
          return ok("{\"filter_id\":\"f" + filterUploads.incrementAndGet() + "\"}");
        }
        syncRequests.add(request);
        MockResponse answer = syncAnswers.poll(200, TimeUnit.MILLISECONDS);
        // Nothing queued: behave like a long-poll that never answers (shutdown closes the socket).
        return answer != null ? answer : new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
      }
    });
    client = Fixtures.client(server, Fixtures.sleeps(), RetryPolicy.NONE);
  }

  /** Every started loop is {@link #loop}, stopped here: a loop left running retries against a closed server. */
  @AfterEach
  void tearDown() throws Exception {
    if (loop != null) {
      assertThat(loop.stop(Duration.ofSeconds(5))).as("the sync loop stopped").isTrue();
    }
    server.shutdown();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("steward-sync")) {
        t.join(5_000);
        assertThat(t.isAlive()).as("a sync loop thread left running").isFalse();
      }
    }
  }

  /** A failure the test provokes, without a stack trace: it would only be JUnit's frames in the log. */
  private static <T extends Throwable> T provoked(T failure) {
    failure.setStackTrace(new StackTraceElement[0]);
    return failure;
  }

  private static MockResponse batch(String next) {
    return ok("{\"next_batch\":\"" + next + "\"}");
  }

  private SyncLoop.Builder loop(SyncLoop.BatchConsumer consumer) {
    return SyncLoop.builder(client, consumer).tokenStore(tokens)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(5));
  }

  @Test
  void savesTokenOnlyAfterTheConsumerReturned() throws Exception {
    syncAnswers.add(batch("s1"));
    List<Optional<String>> seenDuringConsume = new CopyOnWriteArrayList<>();
    SyncLoop once = loop(b -> seenDuringConsume.add(tokens.load())).build();

    once.pollOnce();

    assertThat(seenDuringConsume).containsExactly(Optional.empty());
    assertThat(tokens.load()).contains("s1");
  }

  @Test
  void uploadsFilterOnceAndSendsSinceAndTimeout() throws Exception {
    syncAnswers.add(batch("s1"));
    syncAnswers.add(batch("s2"));
    SyncLoop once = loop(b -> { }).timeout(Duration.ofSeconds(25)).build();

    once.pollOnce();
    once.pollOnce();

    assertThat(filterUploads.get()).isEqualTo(1);
    RecordedRequest initial = syncRequests.get(0);
    assertThat(initial.getRequestUrl().queryParameter("since")).isNull();
    assertThat(initial.getRequestUrl().queryParameter("timeout")).isEqualTo("0");
    assertThat(initial.getRequestUrl().queryParameter("filter")).isEqualTo("f1");
    assertThat(initial.getHeader("Authorization")).isEqualTo("Bearer " + Fixtures.TOKEN);
    RecordedRequest next = syncRequests.get(1);
    assertThat(next.getRequestUrl().queryParameter("since")).isEqualTo("s1");
    assertThat(next.getRequestUrl().queryParameter("timeout")).isEqualTo("25000");
    assertThat(tokens.load()).contains("s2");
  }

  @Test
  void defaultFilterLazyLoadsMembersAndDropsPresence() {
    assertThat(SyncLoop.defaultFilter().toString()).isEqualTo(
        "{\"presence\":{\"not_types\":[\"*\"]},\"room\":{\"state\":{\"lazy_load_members\":true},"
            + "\"timeline\":{\"lazy_load_members\":true}}}");
  }

  @Test
  @ExpectedFailures("the consumer throws once: an ERROR with its stack trace, a retry warning")
  void redeliversTheSameBatchWhenTheConsumerThrows() throws Exception {
    syncAnswers.add(batch("s1"));
    syncAnswers.add(batch("s1"));
    AtomicInteger calls = new AtomicInteger();
    BlockingQueue<String> delivered = new LinkedBlockingQueue<>();
    loop = loop(b -> {
      delivered.add(b.nextBatch());
      if (calls.incrementAndGet() == 1) {
        throw provoked(new IllegalStateException("handler blew up"));
      }
    }).build();

    loop.start();

    assertThat(delivered.poll(5, TimeUnit.SECONDS)).isEqualTo("s1");
    assertThat(delivered.poll(5, TimeUnit.SECONDS)).isEqualTo("s1");
    assertThat(loop.awaitFirstBatch(Duration.ofSeconds(5))).isTrue();
    assertThat(syncRequests.get(1).getRequestUrl().queryParameter("since")).isNull();
    waitFor(() -> tokens.load().isPresent());
    assertThat(tokens.load()).contains("s1");
  }

  @Test
  @ExpectedFailures("a 502, a broken body and a dropped connection: three retry warnings")
  void backsOffAndResumesAfterServerErrorsAndGarbage() throws Exception {
    syncAnswers.add(json(502, "{\"errcode\":\"M_UNKNOWN\"}"));
    syncAnswers.add(ok("{\"next_batch\": \"s1\", \"rooms\": {"));
    syncAnswers.add(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    syncAnswers.add(batch("s1"));
    BlockingQueue<SyncResponse> delivered = new LinkedBlockingQueue<>();
    loop = loop(delivered::add).build();

    loop.start();

    assertThat(delivered.poll(5, TimeUnit.SECONDS).nextBatch()).isEqualTo("s1");
    assertThat(loop.isRunning()).isTrue();
    assertThat(syncRequests).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  @ExpectedFailures("a revoked token: the loop logs an ERROR and stops")
  void stopsForGoodWhenTheTokenIsRejected() throws Exception {
    syncAnswers.add(json(401, "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Access token has been revoked\"}"));
    loop = loop(b -> { }).build();

    loop.start();

    assertThat(loop.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(loop.failure()).get().isInstanceOfSatisfying(MatrixException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.M_UNKNOWN_TOKEN));
    assertThat(syncRequests).hasSize(1);
    assertThat(loop.awaitFirstBatch(Duration.ofMillis(1))).as("never ready: no batch was handled").isFalse();
  }

  @Test
  @ExpectedFailures("a simulated OutOfMemoryError: logged, and the dying thread prints it")
  void stopsWithTheErrorAsFailureWhenTheConsumerThrowsAnError() throws Exception {
    syncAnswers.add(batch("s1"));
    syncAnswers.add(batch("s2"));
    OutOfMemoryError oom = provoked(new OutOfMemoryError("Java heap space (simulated)"));
    loop = loop(b -> {
      throw oom;
    }).build();

    loop.start();

    assertThat(loop.awaitTermination(Duration.ofSeconds(5))).isTrue();
    assertThat(loop.failure()).containsSame(oom);
    assertThat(loop.isRunning()).isFalse();
    assertThat(syncRequests).hasSize(1);
    assertThat(tokens.load()).isEmpty();
  }

  @Test
  void stopCancelsTheLongPollInFlight() throws Exception {
    loop = loop(b -> { }).build();
    loop.start();
    waitFor(() -> syncRequests.size() == 1);

    long start = System.nanoTime();
    boolean stopped = loop.stop(Duration.ofSeconds(5));

    assertThat(stopped).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(loop.failure()).isEmpty();
    assertThat(tokens.load()).isEmpty();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.sleep(10);
    }
  }

  // --- asynchronous consumers and the first sync's filter

  private static void eventually(BooleanSupplier condition, String what) {
    Await.until(Duration.ofSeconds(5), what, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }

  private SyncLoop.Builder asyncLoop(SyncLoop.AsyncBatchConsumer consumer) {
    return SyncLoop.asyncBuilder(client, consumer).tokenStore(tokens).backoff(Duration.ofMillis(1), Duration.ofMillis(5));
  }

  @Test
  void fetchesAheadButSavesTokensInOrderOnlyOnceEachBatchIsDone() throws Exception {
    syncAnswers.add(batch("s1"));
    syncAnswers.add(batch("s2"));
    Map<String, CompletableFuture<Void>> handling = new ConcurrentHashMap<>();
    SyncLoop two = asyncLoop(b -> handling.computeIfAbsent(b.nextBatch(), k -> new CompletableFuture<>()))
        .depth(2).build();

    two.pollOnce(); // returns while s1 is still being handled
    assertThat(tokens.load()).isEmpty();
    CompletableFuture<SyncResponse> second = CompletableFuture.supplyAsync(() -> {
      try {
        return two.pollOnce(); // two in flight: waits until one is done
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    eventually(() -> handling.containsKey("s2"), "the second batch handed out");
    handling.get("s2").complete(null);
    assertThat(tokens.load()).as("s2 is done, but s1 before it is not").isEmpty();
    handling.get("s1").complete(null);

    assertThat(second.get(5, TimeUnit.SECONDS).nextBatch()).isEqualTo("s2");
    assertThat(tokens.load()).contains("s2");
  }

  @Test
  @ExpectedFailures("a batch fails: an ERROR with its stack trace, a retry warning")
  void aFailedBatchComesAgainWithTheBatchesAfterIt() throws Exception {
    syncAnswers.add(batch("s1"));
    syncAnswers.add(batch("s2"));
    syncAnswers.add(batch("s1-again")); // what the server answers again from no token
    List<String> handedOut = new CopyOnWriteArrayList<>();
    List<String> saved = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> first = new CompletableFuture<>();
    loop = asyncLoop(b -> {
      handedOut.add(b.nextBatch());
      return handedOut.size() == 1 ? first : CompletableFuture.completedFuture(null);
    }).depth(2).tokenStore(new SyncTokenStore() {
      @Override
      public Optional<String> load() {
        return tokens.load();
      }

      @Override
      public void save(String token) {
        saved.add(token);
        tokens.save(token);
      }
    }).build();

    loop.start();
    eventually(() -> handedOut.size() == 2, "the second batch handed out while the first is handled");
    first.completeExceptionally(provoked(new IllegalStateException("store down")));

    eventually(() -> handedOut.size() >= 3, "the failed batch delivered again");
    assertThat(handedOut.get(2)).isEqualTo("s1-again");
    assertThat(syncRequests.get(2).getRequestUrl().queryParameter("since")).as("from the last saved token").isNull();
    // Handed out first, saved a moment later once its (already complete) handling settles.
    eventually(() -> saved.contains("s1-again"), "the batch delivered again saved");
    assertThat(saved).as("s2 was done, but after s1, which failed: never saved").doesNotContain("s2");
  }

  // --- a large batch taken in parts

  /** A batch over {@link dev.steward.client.internal.SyncStream#WHOLE_BYTES}: 1,200 rooms of about 4 KiB each. */
  private static MockResponse largeBatch(String next) {
    StringBuilder json = new StringBuilder("{\"rooms\":{\"join\":{");
    for (int r = 0; r < 1_200; r++) {
      json.append(r == 0 ? "" : ",").append("\"!r").append(r).append(":localhost\":{\"timeline\":{\"events\":[{")
          .append("\"type\":\"m.room.message\",\"event_id\":\"$e").append(r).append("\",\"sender\":\"@u:localhost\",")
          .append("\"origin_server_ts\":1,\"content\":{\"body\":\"").append("x".repeat(4_000)).append("\"}}]}}");
    }
    return ok(json.append("}},\"next_batch\":\"").append(next).append("\"}").toString());
  }

  /** A parted consumer that records what it is handed; each group's handling is the future {@code handling} gives. */
  private static final class Parted implements SyncLoop.PartedBatchConsumer {
    final List<List<String>> groups = new CopyOnWriteArrayList<>();
    final List<SyncResponse> finished = new CopyOnWriteArrayList<>();
    final AtomicInteger begun = new AtomicInteger();
    final java.util.function.IntFunction<CompletableFuture<Void>> handling;

    Parted(java.util.function.IntFunction<CompletableFuture<Void>> handling) {
      this.handling = handling;
    }

    @Override
    public CompletableFuture<Void> submit(SyncResponse batch) {
      throw new AssertionError("a parted consumer is handed batches in parts");
    }

    @Override
    public SyncLoop.BatchInParts begin() {
      begun.incrementAndGet();
      return new SyncLoop.BatchInParts() {
        @Override
        public CompletableFuture<Void> rooms(Map<RoomId, JoinedRoom> rooms) {
          groups.add(rooms.keySet().stream().map(RoomId::value).toList());
          return handling.apply(groups.size());
        }

        @Override
        public CompletableFuture<Void> finish(SyncResponse rest) {
          finished.add(rest);
          return CompletableFuture.completedFuture(null);
        }
      };
    }
  }

  @Test
  void aLargeBatchComesInGroupsReadingWaitsForSlowHandlersAndTheTokenWaitsForEveryGroup() throws Exception {
    syncAnswers.add(largeBatch("s1"));
    CompletableFuture<Void> firstGroup = new CompletableFuture<>();
    Parted parted = new Parted(n -> n == 1 ? firstGroup : CompletableFuture.completedFuture(null));
    SyncLoop once = SyncLoop.asyncBuilder(client, parted).depth(1).tokenStore(tokens).build();

    CompletableFuture<SyncResponse> poll = CompletableFuture.supplyAsync(() -> {
      try {
        return once.pollOnce();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    eventually(() -> parted.groups.size() == PartedBatch.MAX_UNFINISHED + 1, "groups handed on while the first runs");
    Thread.sleep(200);
    assertThat(parted.groups).as("reading waits for the first group").hasSize(PartedBatch.MAX_UNFINISHED + 1);
    assertThat(parted.finished).isEmpty();
    assertThat(tokens.load()).isEmpty();
    firstGroup.complete(null);

    SyncResponse rest = poll.get(10, TimeUnit.SECONDS);
    assertThat(rest.nextBatch()).isEqualTo("s1");
    assertThat(rest.joined()).isEmpty();
    assertThat(parted.finished).hasSize(1);
    List<String> rooms = parted.groups.stream().flatMap(List::stream).toList();
    assertThat(rooms).hasSize(1_200).doesNotHaveDuplicates().startsWith("!r0:localhost").endsWith("!r1199:localhost");
    assertThat(tokens.load()).contains("s1");
  }

  @Test
  @ExpectedFailures("a group of a large batch fails: an ERROR with its stack trace, a retry warning")
  void aFailedGroupEndsTheReadAndTheBatchComesAgain() throws Exception {
    syncAnswers.add(largeBatch("s1"));
    syncAnswers.add(largeBatch("s1"));
    AtomicInteger calls = new AtomicInteger();
    Parted parted = new Parted(n -> calls.incrementAndGet() == 2
        ? CompletableFuture.failedFuture(provoked(new IllegalStateException("handler blew up")))
        : CompletableFuture.completedFuture(null));
    loop = SyncLoop.asyncBuilder(client, parted).tokenStore(tokens).backoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .build();

    loop.start();

    assertThat(loop.awaitFirstBatch(Duration.ofSeconds(10))).isTrue();
    assertThat(parted.begun.get()).isGreaterThanOrEqualTo(2);
    assertThat(parted.finished).as("only the second delivery was finished").hasSize(1);
    assertThat(syncRequests.get(1).getRequestUrl().queryParameter("since")).as("from no token again").isNull();
    assertThat(tokens.load()).contains("s1");
  }

  @Test
  void aFreshStartCanAskForAShortTimelineFirst() throws Exception {
    syncAnswers.add(batch("s1"));
    syncAnswers.add(batch("s2"));
    SyncLoop once = loop(b -> { }).initialTimelineLimit(1).build();

    once.pollOnce();
    once.pollOnce();

    assertThat(syncRequests.get(0).getRequestUrl().queryParameter("filter")).isEqualTo("f2");
    assertThat(syncRequests.get(1).getRequestUrl().queryParameter("filter")).isEqualTo("f1");
    assertThat(Json.mapper().readTree(filterBodies.get(1)).at("/room/timeline/limit").asInt()).isEqualTo(1);
    assertThat(Json.mapper().readTree(filterBodies.get(0)).at("/room/timeline/limit").isMissingNode()).isTrue();
  }
}

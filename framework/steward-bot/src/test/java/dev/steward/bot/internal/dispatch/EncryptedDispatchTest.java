package dev.steward.bot.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnMessage;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.bot.store.EventDedupe;
import dev.steward.bot.store.InMemoryEventDedupe;
import dev.steward.bot.store.StewardStore;
import dev.steward.client.MatrixClient;
import dev.steward.client.RetryPolicy;
import dev.steward.client.RoomId;
import dev.steward.client.SyncLoop;
import dev.steward.client.UserId;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.InMemoryCryptoStore;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.Await;
import dev.steward.client.testing.ExpectedFailures;
import dev.steward.client.testing.SyncBatchBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher in encrypted rooms, with real Megolm sessions whose keys a test lets arrive in the batch it chooses:
 * decrypted events reach handlers as plain ones; one whose key comes later waits without holding up its room and
 * runs once when the key comes, also across a restart; one that never decrypts is reported, once.
 */
class EncryptedDispatchTest {
  private static final UserId BOT = UserId.of("@bot:localhost");
  private static final UserId ALICE = UserId.of("@alice:localhost");
  private static final UserId BOB = UserId.of("@bob:localhost");
  private static final RoomId ROOM = RoomId.of("!room:localhost");
  private static final RoomId OTHER = RoomId.of("!other:localhost");
  private static final Duration KEY_WAIT = Duration.ofMinutes(10);

  private final MockWebServer server = new MockWebServer();
  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final MatrixClient client;
  private final MegolmRoomDecryptor crypto = new MegolmRoomDecryptor();
  private final CryptoStore cryptoStore = new InMemoryCryptoStore();
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final Recorded metrics = new Recorded();
  private final MegolmRoomDecryptor.Sender alice = new MegolmRoomDecryptor.Sender(ALICE, "aliceCurveKey", "ALICEDEV");
  private final MegolmRoomDecryptor.Sender bob = new MegolmRoomDecryptor.Sender(BOB, "bobCurveKey", "BOBDEV");
  private Dispatcher dispatcher;

  @TempDir
  Path dir;

  EncryptedDispatchTest() {
    server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        if (r.getPath().endsWith("/state/m.room.power_levels/")) {
          return json("{\"users\":{\"@bot:localhost\":100}}");
        }
        sent.add(r.getBody().readUtf8());
        return json("{\"event_id\":\"$reply" + sent.size() + "\"}");
      }
    });
    client = MatrixClient.builder().homeserver(server.url("/")).accessToken("t").userId(BOT)
        .retryPolicy(RetryPolicy.NONE).build();
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  @AfterEach
  void close() throws Exception {
    if (dispatcher != null) {
      dispatcher.close();
    }
    server.shutdown();
  }

  /** Answers !ping and records every message it sees (commands skip @OnMessage), with whether it came encrypted. */
  static final class PingBot {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Command(value = "!ping", help = "Answers pong")
    void ping(CommandContext ctx) {
      seen.add("!ping" + (ctx.encrypted() ? " [ctx]" : ""));
      ctx.reply(ctx.encrypted() ? "pong (encrypted)" : "pong");
    }

    @OnMessage
    void any(MessageEvent m, EventContext ctx) {
      seen.add(m.body() + (m.encrypted() ? " [encrypted]" : "") + (ctx.encrypted() ? " [ctx]" : ""));
    }
  }

  /** What the dispatcher reported about decryption. */
  static final class Recorded implements DispatchMetrics {
    final Map<String, AtomicInteger> undecryptable = new ConcurrentHashMap<>();
    volatile IntSupplier waiting = () -> -1;

    @Override
    public void undecryptable(String cause) {
      undecryptable.computeIfAbsent(cause, c -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void waitingForKeys(IntSupplier events) {
      waiting = events;
    }

    int count(String cause) {
      AtomicInteger n = undecryptable.get(cause);
      return n == null ? 0 : n.get();
    }
  }

  private Dispatcher start(Object bot, EventDedupe dedupe) {
    HandlerRegistry registry = new HandlerRegistry("!", ArgumentConverters.defaults());
    registry.register(bot);
    dispatcher = new Dispatcher(client, registry, new DispatchSettings(BOT, 2, true, Set.of(), false), dedupe,
        ReplyGuard.standard(), metrics, new Decryption(crypto, cryptoStore, KEY_WAIT, clock::get));
    return dispatcher;
  }

  private Dispatcher start(Object bot) {
    return start(bot, new InMemoryEventDedupe(1000));
  }

  private List<String> replies() {
    return sent.stream().filter(b -> b.contains("\"body\"")).map(b -> b.replaceAll(".*\"body\":\"([^\"]*)\".*", "$1"))
        .toList();
  }

  private static SyncBatchBuilder batch(String token) {
    return SyncBatchBuilder.batch(token);
  }

  @Test
  void aKeyAndItsEventInOneBatchRunTheCommandAndHandlersSeeItCameEncrypted() throws Exception {
    PingBot bot = new PingBot();
    start(bot);
    crypto.keyInNextBatch(alice, ROOM);

    dispatcher.accept(batch("s1").timeline(ROOM, alice.text(ROOM, "!ping")).text(ROOM, ALICE, "in the clear")
        .build());

    assertThat(replies()).containsExactly("pong (encrypted)");
    assertThat(bot.seen).containsExactly("!ping [ctx]", "in the clear");
    assertThat(metrics.waiting.getAsInt()).isZero();
  }

  @Test
  void stateEventsReachTheEncryptionInTheirRoomsOrder() throws Exception {
    start(new PingBot());

    dispatcher.accept(batch("s1").state(ROOM, ALICE, "m.room.encryption", "",
            new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("algorithm", "m.megolm.v1.aes-sha2"))
        .member(ROOM, BOB, BOB, "join", null).text(ROOM, ALICE, "hello").build());

    assertThat(crypto.stateNoted).containsExactly("m.room.encryption", "m.room.member");
  }

  @Test
  void anEventWhoseKeyComesLaterWaitsWithoutHoldingUpItsRoomAndRunsOnceWhenTheKeyComes() throws Exception {
    PingBot bot = new PingBot();
    start(bot);
    SyncResponse first = batch("s1").timeline(ROOM, alice.text(ROOM, "!ping")).text(ROOM, BOB, "next").build();

    dispatcher.accept(first);

    assertThat(bot.seen).as("the room goes on").containsExactly("next");
    assertThat(replies()).isEmpty();
    assertThat(cryptoStore.scan("pending", "")).hasSize(1);
    assertThat(metrics.waiting.getAsInt()).isEqualTo(1);

    crypto.keyInNextBatch(alice, ROOM);
    dispatcher.accept(batch("s2").build());

    assertThat(replies()).containsExactly("pong (encrypted)");
    assertThat(bot.seen).containsExactly("next", "!ping [ctx]");
    assertThat(cryptoStore.scan("pending", "")).isEmpty();

    dispatcher.accept(first); // delivered again (a retried sync)
    dispatcher.accept(batch("s3").build());

    assertThat(replies()).as("ran once").hasSize(1);
    assertThat(bot.seen).hasSize(2);
  }

  @Test
  void aKeyStoredWhileItsEventIsBeingParkedStillOpensItAtOnce() throws Exception {
    PingBot bot = new PingBot();
    start(bot);
    crypto.keyStoredJustAfterTheNextMiss(alice, ROOM);

    dispatcher.accept(batch("s1").timeline(ROOM, alice.text(ROOM, "!ping")).build());

    assertThat(bot.seen).containsExactly("!ping [ctx]");
    assertThat(cryptoStore.scan("pending", "")).isEmpty();
  }

  @Test
  void anEventInAnEarlierPartOfALargeBatchRunsOnceTheLastPartBringsItsKey() throws Exception {
    PingBot bot = new PingBot();
    start(bot);
    SyncResponse group = batch("s1").timeline(ROOM, alice.text(ROOM, "!ping")).text(ROOM, BOB, "next").build();

    SyncLoop.BatchInParts parts = dispatcher.begin();
    parts.rooms(group.joined()).toCompletableFuture().get(5, TimeUnit.SECONDS); // the !ping is parked
    assertThat(cryptoStore.scan("pending", "")).hasSize(1);
    crypto.keyInNextBatch(alice, ROOM); // the to-device messages are in the last part
    parts.finish(batch("s1").build()).toCompletableFuture().get(5, TimeUnit.SECONDS);

    assertThat(bot.seen).containsExactly("next", "!ping [ctx]");
    assertThat(replies()).containsExactly("pong (encrypted)");
    assertThat(cryptoStore.scan("pending", "")).isEmpty();
  }

  @Test
  void eventsWaitingForOneKeyRunInTheirOrderBeforeTheRoomsNewEvents() throws Exception {
    PingBot bot = new PingBot();
    start(bot);
    dispatcher.accept(batch("s1").timeline(ROOM, alice.text(ROOM, "one")).timeline(OTHER, bob.text(OTHER, "elsewhere"))
        .build());
    dispatcher.accept(batch("s2").timeline(ROOM, alice.text(ROOM, "two")).build());

    crypto.keyInNextBatch(alice, ROOM);
    dispatcher.accept(batch("s3").timeline(ROOM, alice.text(ROOM, "three")).text(ROOM, BOB, "four").build());

    assertThat(bot.seen).containsExactly("one [encrypted] [ctx]", "two [encrypted] [ctx]",
        "three [encrypted] [ctx]", "four");
    assertThat(metrics.waiting.getAsInt()).as("bob's key has not come").isEqualTo(1);

    crypto.keyInNextBatch(bob, OTHER);
    dispatcher.accept(batch("s4").build());

    assertThat(bot.seen).hasSize(5).endsWith("elsewhere [encrypted] [ctx]");
    assertThat(metrics.waiting.getAsInt()).isZero();
    assertThat(cryptoStore.scan("pending", "")).isEmpty();
  }

  @Test
  void anEventThatLeavesOutTheSenderKeyRunsAsSoonAsItsKeyComes() throws Exception {
    PingBot bot = new PingBot();
    start(bot);
    ObjectNode ping = alice.text(ROOM, "!ping");
    ((ObjectNode) ping.get("content")).remove(List.of("sender_key", "device_id")); // deprecated: newer senders omit them
    dispatcher.accept(batch("s1").timeline(ROOM, ping).build());
    assertThat(metrics.waiting.getAsInt()).isEqualTo(1);

    crypto.keyInNextBatch(alice, ROOM); // the room key names alice's sender key
    dispatcher.accept(batch("s2").build());

    assertThat(bot.seen).as("at once, not after encryption.key_wait").containsExactly("!ping [ctx]");
    assertThat(replies()).containsExactly("pong (encrypted)");
    assertThat(cryptoStore.scan("pending", "")).isEmpty();
  }

  @Test
  void parkedEventsRunInTheOrderTheyCameWhateverTheirSendersClocksSayAlsoAcrossARestart() throws Exception {
    PingBot before = new PingBot();
    InMemoryEventDedupe dedupe = new InMemoryEventDedupe(1000);
    start(before, dedupe);
    dispatcher.accept(batch("s1").timeline(ROOM, alice.text(ROOM, "one").put("origin_server_ts", 3000))
        .timeline(ROOM, bob.text(ROOM, "two").put("origin_server_ts", 1000)).build());
    dispatcher.close();

    PingBot after = new PingBot();
    start(after, dedupe); // a restart: the parked events are read back from the crypto store
    dispatcher.accept(batch("s2").timeline(ROOM, alice.text(ROOM, "three").put("origin_server_ts", 2000))
        .timeline(ROOM, bob.text(ROOM, "four").put("origin_server_ts", 500)).build());
    assertThat(after.seen).as("not before their keys come").isEmpty();

    crypto.keyInNextBatch(bob, ROOM);
    crypto.keyInNextBatch(alice, ROOM);
    dispatcher.accept(batch("s3").build());

    assertThat(after.seen).containsExactly("one [encrypted] [ctx]", "two [encrypted] [ctx]",
        "three [encrypted] [ctx]", "four [encrypted] [ctx]");
  }

  @Test
  void anEventParkedByTheLastVersionUnderItsSenderKeyStillRunsWhenItsKeyComes() throws Exception {
    ObjectNode event = alice.text(ROOM, "!ping").put("origin_server_ts", 1000);
    ObjectNode record = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
        .put("room", ROOM.value()).put("sender_key", alice.senderKey).put("session_id", alice.sessionId())
        .put("parked_at", clock.get());
    record.set("event", event);
    cryptoStore.put("pending", ROOM.value() + "|" + alice.senderKey + "|" + alice.sessionId() + "|"
        + event.get("event_id").asText(), record.toString());
    PingBot bot = new PingBot();
    start(bot);
    dispatcher.accept(batch("s1").build());
    assertThat(bot.seen).as("tried at the first batch, still no key").isEmpty();

    crypto.keyInNextBatch(alice, ROOM);
    dispatcher.accept(batch("s2").build());

    assertThat(bot.seen).containsExactly("!ping [ctx]");
    assertThat(cryptoStore.scan("pending", "")).isEmpty();
  }

  @Test
  void aParkedEventOutlivesARestartAndRunsOnceWhenItsKeyComesToTheNextProcess() throws Exception {
    try (StewardStore store = StewardStore.open("jdbc:h2:file:" + dir.resolve("db"), "", "")) {
      PingBot before = new PingBot();
      start(before, store.dedupe(BOT.value(), "one", 1000)).accept(batch("s1")
          .timeline(ROOM, alice.text(ROOM, "!ping")).build());
      dispatcher.close();

      PingBot after = new PingBot();
      EventDedupe dedupe = store.dedupe(BOT.value(), "one", 1000);
      dedupe.releaseUnfinished();
      start(after, dedupe);
      crypto.keyInNextBatch(alice, ROOM);
      dispatcher.accept(batch("s2").build());

      assertThat(before.seen).isEmpty();
      assertThat(after.seen).containsExactly("!ping [ctx]");
      assertThat(replies()).containsExactly("pong (encrypted)");
      assertThat(cryptoStore.scan("pending", "")).isEmpty();
    }
  }

  @Test
  void aParkedEventWhoseKeyCameJustBeforeARestartRunsAtTheFirstBatchAfterIt() throws Exception {
    PingBot before = new PingBot();
    InMemoryEventDedupe dedupe = new InMemoryEventDedupe(1000);
    SyncResponse first = batch("s1").timeline(ROOM, alice.text(ROOM, "!ping")).build();
    start(before, dedupe).accept(first);
    // The key came in the batch the process was stopped in, before the lane ran the parked event.
    crypto.keyInNextBatch(alice, ROOM);
    crypto.receive(batch("s2").build());
    dispatcher.close();

    PingBot after = new PingBot();
    start(after, dedupe);
    dispatcher.accept(first); // its token was not saved: delivered again, and the event is still parked
    dispatcher.accept(batch("s2").build());

    assertThat(after.seen).containsExactly("!ping [ctx]");
    assertThat(replies()).containsExactly("pong (encrypted)");
  }

  @Test
  @ExpectedFailures("an event whose key never comes: one WARN when key_wait has passed")
  void anEventWhoseKeyDoesNotComeWithinKeyWaitIsReportedOnceAndDropped() throws Exception {
    PingBot bot = new PingBot();
    start(bot);
    List<ILoggingEvent> warnings = capture(() -> {
      dispatcher.accept(batch("s1").timeline(ROOM, alice.text(ROOM, "!ping")).build());
      clock.addAndGet(KEY_WAIT.toMillis() - 1);
      dispatcher.accept(batch("s2").build());
      assertThat(cryptoStore.scan("pending", "")).as("not yet").hasSize(1);

      clock.addAndGet(1);
      dispatcher.accept(batch("s3").build());
      clock.addAndGet(KEY_WAIT.toMillis());
      dispatcher.accept(batch("s4").build());
    });

    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getFormattedMessage()).contains(ROOM.value(), ALICE.value(), alice.sessionId(),
        "aliceCurveKey", "did not come within 10m");
    assertThat(metrics.count("missing_key")).isEqualTo(1);
    assertThat(cryptoStore.scan("pending", "")).isEmpty();

    crypto.keyInNextBatch(alice, ROOM); // too late: the event was reported as lost, it does not run now
    dispatcher.accept(batch("s5").build());
    assertThat(bot.seen).isEmpty();
    assertThat(replies()).isEmpty();
  }

  @Test
  @ExpectedFailures("tampered and replayed Megolm messages: one WARN per room, sender and cause")
  void eventsThatCannotDecryptAreCountedAndReportedOncePerRoomSenderAndCause() throws Exception {
    PingBot bot = new PingBot();
    start(bot);
    crypto.keyInNextBatch(alice, ROOM);
    crypto.keyInNextBatch(bob, ROOM);
    ObjectNode sound = alice.text(ROOM, "sound");
    ObjectNode replayed = sound.deepCopy().put("event_id", SyncBatchBuilder.newEventId());

    List<ILoggingEvent> warnings = capture(() -> dispatcher.accept(batch("s1")
        .timeline(ROOM, tampered(alice.text(ROOM, "one"))).timeline(ROOM, tampered(alice.text(ROOM, "two")))
        .timeline(ROOM, tampered(bob.text(ROOM, "three"))).timeline(ROOM, sound).timeline(ROOM, replayed)
        .text(ROOM, BOB, "after them").build()));

    assertThat(bot.seen).as("the room goes on").containsExactly("sound [encrypted] [ctx]", "after them");
    assertThat(metrics.count("bad_signature")).isEqualTo(3);
    assertThat(metrics.count("replayed_index")).isEqualTo(1);
    assertThat(warnings).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
        w -> assertThat(w).contains(ALICE.value(), "BAD_SIGNATURE"),
        w -> assertThat(w).contains(BOB.value(), "BAD_SIGNATURE"),
        w -> assertThat(w).contains(ALICE.value(), "REPLAYED_INDEX"));
    assertThat(cryptoStore.scan("pending", "")).isEmpty();
  }

  @Test
  @ExpectedFailures("the crypto store fails while a batch's to-device messages are handled: an ERROR")
  void aBatchWhoseToDeviceMessagesCannotBeHandledFailsAndRunsNothingSoItComesAgain() throws Exception {
    PingBot bot = new PingBot();
    start(bot);
    crypto.keyInNextBatch(alice, ROOM);
    crypto.failNextReceive();
    SyncResponse batch = batch("s1").timeline(ROOM, alice.text(ROOM, "!ping")).build();

    assertThatThrownBy(() -> dispatcher.submit(batch).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasMessageContaining("crypto store is down");
    assertThat(bot.seen).isEmpty();

    dispatcher.accept(batch);
    assertThat(bot.seen).containsExactly("!ping [ctx]");
  }

  @Test
  void anEventWhoseDecryptionMeetsAStoreThatIsDownFailsItsBatchAndRunsOnceWhenItComesAgain() throws Exception {
    PingBot bot = new PingBot();
    start(bot);
    crypto.keyInNextBatch(alice, ROOM);
    SyncResponse batch = batch("s1").timeline(ROOM, alice.text(ROOM, "!ping")).text(ROOM, ALICE, "after it")
        .build();
    crypto.failNextDecrypt();

    assertThatThrownBy(() -> dispatcher.submit(batch).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasMessageContaining("crypto store is down");
    assertThat(bot.seen).as("neither the event nor the room's later ones").isEmpty();

    // As the sync loop does: the batch again until it goes through (the failed lane is let go as it completes).
    Await.until(Duration.ofSeconds(5), "the batch delivered again", () -> {
      try {
        dispatcher.submit(batch).get(5, TimeUnit.SECONDS);
        return Optional.of(true);
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    });
    assertThat(bot.seen).containsExactly("!ping [ctx]", "after it");
    assertThat(replies()).containsExactly("pong (encrypted)");
  }

  /** The event with one bit of its ciphertext's MAC flipped, which its signature no longer covers. */
  private static ObjectNode tampered(ObjectNode event) {
    ObjectNode content = (ObjectNode) event.get("content");
    byte[] raw = java.util.Base64.getDecoder().decode(pad(content.get("ciphertext").asText()));
    raw[raw.length - 64 - 1] ^= 1; // the last byte of the MAC, just before the 64-byte signature
    content.put("ciphertext", java.util.Base64.getEncoder().withoutPadding().encodeToString(raw));
    return event;
  }

  private static String pad(String b64) {
    return b64 + "===".substring(0, (4 - b64.length() % 4) % 4);
  }

  interface Action {
    void run() throws Exception;
  }

  /** The WARN lines {@link Decryption} logs while {@code action} runs. */
  private static List<ILoggingEvent> capture(Action action) throws Exception {
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Decryption.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      action.run();
    } finally {
      logger.detachAppender(lines);
    }
    return lines.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
  }
}

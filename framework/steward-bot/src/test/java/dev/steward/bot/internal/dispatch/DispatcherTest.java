package dev.steward.bot.internal.dispatch;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnEvent;
import dev.steward.bot.annotation.OnInvite;
import dev.steward.bot.annotation.OnJoin;
import dev.steward.bot.annotation.OnLeave;
import dev.steward.bot.annotation.OnMessage;
import dev.steward.bot.annotation.OnReaction;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.InviteEvent;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReactionEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.bot.store.EventDedupe;
import dev.steward.bot.store.InMemoryEventDedupe;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RetryPolicy;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.internal.Json;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.testing.ExpectedFailures;
import dev.steward.client.testing.SyncBatchBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@ExpectedFailures("handlers that throw, unreadable power levels, refused bans and a failing store: ERROR and WARN lines")
class DispatcherTest {
  static final UserId BOT = UserId.of("@bot:localhost");
  static final UserId ALICE = UserId.of("@alice:localhost");
  static final UserId MOD = UserId.of("@mod:localhost");
  static final RoomId ROOM = RoomId.of("!room:localhost");

  private final MockWebServer server = new MockWebServer();
  private final List<RecordedRequest> sent = new CopyOnWriteArrayList<>();
  private final MatrixClient client;
  private dev.steward.bot.internal.dispatch.Dispatcher dispatcher;

  DispatcherTest() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        String path = r.getPath();
        if (path.contains("!locked:localhost") && path.endsWith("/state/m.room.power_levels/")) {
          return new MockResponse().setResponseCode(403)
              .setBody("{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You don't have permission to view\"}");
        }
        if (path.contains("!other:localhost") && path.endsWith("/state/m.room.power_levels/")) {
          return json("{\"users\":{\"@bot:localhost\":100}}");
        }
        if (path.endsWith("/state/m.room.power_levels/")) {
          return json("{\"users\":{\"@mod:localhost\":50,\"@bot:localhost\":100}}");
        }
        if (path.endsWith("/joined_members")) {
          return json("{\"joined\":{\"@alice:localhost\":{\"display_name\":\"Alice\"},"
              + "\"@mod:localhost\":{\"display_name\":\"Mod\"}}}");
        }
        sent.add(r);
        if (path.contains("/ban")) {
          return new MockResponse().setResponseCode(403)
              .setBody("{\"errcode\":\"M_FORBIDDEN\",\"error\":\"You don't have permission to ban\"}");
        }
        return json("{\"event_id\":\"$reply" + sent.size() + "\"}");
      }
    });
    client = MatrixClient.builder().homeserver(server.url("/")).accessToken("t").userId(BOT)
        .retryPolicy(RetryPolicy.NONE).build();
  }

  @AfterEach
  void close() throws Exception {
    if (dispatcher != null) {
      dispatcher.close();
    }
    server.shutdown();
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private dev.steward.bot.internal.dispatch.Dispatcher dispatcher(Object bot, boolean skipHistory, Set<UserId> owners) {
    HandlerRegistry registry = new HandlerRegistry("!", dev.steward.bot.command.ArgumentConverters.defaults());
    registry.register(bot);
    dispatcher = new dev.steward.bot.internal.dispatch.Dispatcher(client, registry,
        new DispatchSettings(BOT, 4, true, owners, skipHistory), new InMemoryEventDedupe(10_000),
        ReplyGuard.standard());
    return dispatcher;
  }

  private dev.steward.bot.internal.dispatch.Dispatcher dispatcher(Object bot) {
    return dispatcher(bot, false, Set.of());
  }

  private JsonNode onlySentBody() throws Exception {
    assertThat(sent).hasSize(1);
    return Json.mapper().readTree(sent.get(0).getBody().readUtf8());
  }

  /** A bot with a few commands and handlers that records what it saw. */
  static class TestBot {
    final List<String> log = new CopyOnWriteArrayList<>();

    @Command(value = "!echo", aliases = "!say", help = "Repeat the text")
    void echo(CommandContext ctx, @Rest String text) {
      ctx.reply(text);
    }

    @Command(value = "!add", help = "Add two numbers")
    void add(CommandContext ctx, int a, int b) {
      ctx.reply(Integer.toString(a + b));
    }

    @Command(value = "!ban", aliases = "!b", minPowerLevel = 50, help = "Ban a user")
    void ban(CommandContext ctx, UserId user, @Rest String reason) {
      log.add("ban " + user + " " + reason);
      ctx.membership().ban(user, reason);
    }

    @Command(value = "!md")
    void md(CommandContext ctx) {
      ctx.replyMarkdown("**bold** <script>x</script>");
    }

    @Command(value = "!boom")
    void boom() {
      throw new IllegalStateException("kaboom");
    }

    @OnMessage("hello")
    void hello(MessageEvent m) {
      log.add("hello " + m.body());
    }

    @OnInvite
    void invite(InviteEvent i) {
      log.add("invite " + i.room() + " by " + i.inviter());
    }

    @OnJoin
    void join(MembershipEvent m) {
      log.add("join " + m.target());
    }

    @OnLeave
    void leave(MembershipEvent m) {
      log.add(m.change() + " " + m.target());
    }

    @OnReaction("👍")
    void thumbs(ReactionEvent r) {
      log.add("thumbs " + r.target());
    }

    @OnEvent("m.room.topic")
    void topic(RoomEvent e, EventContext ctx) {
      log.add("topic " + e.content().path("topic").asText() + " in " + ctx.room());
    }
  }

  /** Message handlers narrowed by msgtype, room and regex; raw-event handlers by type list. */
  static class FilteredBot {
    final List<String> log = new CopyOnWriteArrayList<>();

    @OnMessage(msgtypes = {"m.emote", "m.emote"}) // a repeated msgtype is harmless
    void emotes(MessageEvent m) {
      log.add("emote " + m.body());
    }

    @OnMessage(value = "^go", rooms = "!other:localhost", msgtypes = {"m.text", "m.notice"})
    void goInOther(MessageEvent m) {
      log.add("go " + m.room() + " " + m.body());
    }

    @OnEvent({"m.room.topic", "m.room.name"})
    void names(RoomEvent e) {
      log.add("state " + e.type());
    }

    @OnEvent("*")
    void everything(RoomEvent e) {
      log.add("any " + e.type());
    }
  }

  @Test
  void messageHandlersSeeOnlyTheirMsgtypesRoomsAndPatternsAndEventHandlersTheirTypes() throws Exception {
    RoomId other = RoomId.of("!other:localhost");
    FilteredBot bot = new FilteredBot();
    dispatcher(bot).accept(SyncBatchBuilder.batch("s1")
        .message(ROOM, ALICE, "m.emote", "waves")
        .message(ROOM, ALICE, "m.text", "go now") // right pattern, wrong room
        .message(other, ALICE, "m.emote", "go dance") // right room and pattern, wrong msgtype for goInOther
        .message(other, ALICE, "m.notice", "go home")
        .message(other, ALICE, "m.text", "let's go") // right room, pattern not at the start
        .state(ROOM, MOD, "m.room.name", "", Json.mapper().createObjectNode().put("name", "N"))
        .state(ROOM, MOD, "m.room.join_rules", "", Json.mapper().createObjectNode().put("join_rule", "invite"))
        .build());

    assertThat(bot.log.stream().filter(l -> !l.startsWith("any"))).containsExactlyInAnyOrder(
        "emote waves", "emote go dance", "go !other:localhost go home", "state m.room.name");
    assertThat(bot.log.stream().filter(l -> l.startsWith("any"))).hasSize(7);
  }

  /** Logs a line from a handler and from a command, as a bot author would. */
  static class LoggingBot {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LoggingBot.class);

    @OnMessage("hello")
    void hello(MessageEvent m) {
      log.info("saw hello");
    }

    @Command("!work")
    void work(CommandContext ctx) {
      log.info("working");
    }
  }

  @Test
  void everyLineAHandlerLogsCarriesTheEventRoomSenderAndHandler() throws Exception {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(LoggingBot.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines =
        new ch.qos.logback.core.read.ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      dispatcher(new LoggingBot()).accept(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "hello there")
          .text(ROOM, ALICE, "!work").build());
    } finally {
      logger.detachAppender(lines);
    }

    assertThat(lines.list).hasSize(2);
    Map<String, String> hello = lines.list.get(0).getMDCPropertyMap();
    Map<String, String> work = lines.list.get(1).getMDCPropertyMap();
    assertThat(hello).containsEntry("room", ROOM.value()).containsEntry("sender", ALICE.value())
        .containsEntry("handler", "LoggingBot.hello").containsKey("event_id");
    assertThat(work).containsEntry("room", ROOM.value()).containsEntry("handler", "LoggingBot.work");
    assertThat(work.get("event_id")).startsWith("$ev").isNotEqualTo(hello.get("event_id"));
    assertThat(org.slf4j.MDC.getCopyOfContextMap()).as("nothing left on the caller's thread").isNullOrEmpty();
  }

  @Test
  void commandGetsARichReplyNotice() throws Exception {
    SyncBatchBuilder b = SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "!echo hello   world");
    dispatcher(new TestBot()).accept(b.build());

    RecordedRequest req = sent.get(0);
    assertThat(req.getMethod()).isEqualTo("PUT");
    assertThat(req.getPath()).startsWith("/_matrix/client/v3/rooms/!room:localhost/send/m.room.message/");
    JsonNode body = onlySentBody();
    assertThat(body.path("msgtype").asText()).isEqualTo("m.notice");
    assertThat(body.path("body").asText()).isEqualTo("hello   world");
    assertThat(body.path("m.relates_to").path("m.in_reply_to").path("event_id").asText()).startsWith("$ev");
  }

  @Test
  void aliasRunsTheSameCommand() throws Exception {
    dispatcher(new TestBot()).accept(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "!say hi").build());

    assertThat(onlySentBody().path("body").asText()).isEqualTo("hi");
  }

  @Test
  void badArgumentsAnswerWithTheUsageLine() throws Exception {
    dispatcher(new TestBot()).accept(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "!add 2 two").build());

    assertThat(onlySentBody().path("body").asText()).contains("Usage: !add <a> <b>");
  }

  @Test
  void typedArgumentsReachTheHandler() throws Exception {
    dispatcher(new TestBot()).accept(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "!add 2 40").build());

    assertThat(onlySentBody().path("body").asText()).isEqualTo("42");
  }

  @Test
  void refusesSendersBelowThePowerLevel() throws Exception {
    TestBot bot = new TestBot();
    dispatcher(bot).accept(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "!ban @mod:localhost spam").build());

    assertThat(bot.log).isEmpty();
    assertThat(onlySentBody().path("body").asText())
        .isEqualTo("You need power level 50 in this room to use !ban.");
  }

  @Test
  void moderatorMayRunAndHomeserverErrorsAreReportedWithErrcode() throws Exception {
    TestBot bot = new TestBot();
    dispatcher(bot).accept(SyncBatchBuilder.batch("s1").text(ROOM, MOD, "!ban @alice:localhost spamming links")
        .build());

    assertThat(bot.log).containsExactly("ban @alice:localhost spamming links");
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).getPath()).isEqualTo("/_matrix/client/v3/rooms/!room:localhost/ban");
    JsonNode reply = Json.mapper().readTree(sent.get(1).getBody().readUtf8());
    assertThat(reply.path("body").asText())
        .isEqualTo("!ban failed: M_FORBIDDEN You don't have permission to ban");
  }

  @Test
  void unreadablePowerLevelsRefuseTheCommandAndTheRoomGoesOn() throws Exception {
    RoomId locked = RoomId.of("!locked:localhost");
    TestBot bot = new TestBot();
    dispatcher(bot).accept(SyncBatchBuilder.batch("s1")
        .text(locked, MOD, "!ban @alice:localhost x")
        .text(locked, ALICE, "hello after").build());

    assertThat(bot.log).containsExactly("hello hello after");
    assertThat(onlySentBody().path("body").asText())
        .isEqualTo("Cannot check your power level for !ban right now (M_FORBIDDEN).");
  }

  @Test
  void aliasOfAProtectedCommandIsJustAsProtected() throws Exception {
    TestBot bot = new TestBot();
    dispatcher(bot).accept(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "!B @mod:localhost x").build());

    assertThat(bot.log).isEmpty();
    assertThat(onlySentBody().path("body").asText()).startsWith("You need power level 50");
  }

  @Test
  void moderatorInOneRoomIsNobodyInAnother() throws Exception {
    TestBot bot = new TestBot();
    RoomId other = RoomId.of("!other:localhost");
    dispatcher(bot).accept(SyncBatchBuilder.batch("s1").text(other, MOD, "!ban @alice:localhost x").build());

    assertThat(bot.log).isEmpty();
    assertThat(sent.get(0).getPath()).startsWith("/_matrix/client/v3/rooms/!other:localhost/send/");
  }

  @Test
  void ownersBypassPowerLevels() throws Exception {
    TestBot bot = new TestBot();
    dispatcher(bot, false, Set.of(ALICE)).accept(SyncBatchBuilder.batch("s1")
        .text(ROOM, ALICE, "!ban @mod:localhost x").build());

    assertThat(bot.log).containsExactly("ban @mod:localhost x");
  }

  @Test
  void displayNameArgumentResolvesToTheMember() throws Exception {
    TestBot bot = new TestBot();
    dispatcher(bot).accept(SyncBatchBuilder.batch("s1").text(ROOM, MOD, "!ban Alice bye").build());

    assertThat(bot.log).containsExactly("ban @alice:localhost bye");
  }

  @Test
  void ignoresItsOwnMessagesNoticesAndEdits() throws Exception {
    ObjectNodeFactory f = new ObjectNodeFactory();
    SyncBatchBuilder b = SyncBatchBuilder.batch("s1")
        .text(ROOM, BOT, "!echo from myself")
        .message(ROOM, ALICE, "m.notice", "!echo from a bot")
        .timeline(ROOM, f.edit(ALICE, "$old", "!echo edited in"));
    dispatcher(new TestBot()).accept(b.build());

    assertThat(sent).isEmpty();
  }

  @Test
  void handlerThatThrowsDoesNotStopTheOthers() throws Exception {
    TestBot bot = new TestBot();
    dispatcher(bot).accept(SyncBatchBuilder.batch("s1")
        .text(ROOM, ALICE, "!boom")
        .text(ROOM, ALICE, "hello there").build());

    assertThat(bot.log).containsExactly("hello hello there");
    assertThat(onlySentBody().path("body").asText()).isEqualTo("!boom failed with an internal error; the bot's log "
        + "has the details.");
  }

  @Test
  void sameEventDeliveredTwiceRunsOnce() throws Exception {
    TestBot bot = new TestBot();
    var batch = SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "hello once").build();
    var d = dispatcher(bot);

    d.accept(batch);
    d.accept(batch);

    assertThat(bot.log).containsExactly("hello hello once");
  }

  @Test
  void freshStartSkipsHistoryButHandlesInvites() throws Exception {
    TestBot bot = new TestBot();
    RoomId invited = RoomId.of("!invited:localhost");
    var d = dispatcher(bot, true, Set.of());

    d.accept(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "hello old").invite(invited, ALICE, BOT).build());
    d.accept(SyncBatchBuilder.batch("s2").text(ROOM, ALICE, "hello new").build());

    assertThat(bot.log).containsExactly("invite !invited:localhost by @alice:localhost", "hello hello new");
  }

  @Test
  void aFreshStartSkipsTheHistoryOfEveryPartOfItsFirstBatchEvenOneThatBrokeOff() throws Exception {
    TestBot bot = new TestBot();
    RoomId other = RoomId.of("!other:localhost");
    RoomId invited = RoomId.of("!invited:localhost");
    var d = dispatcher(bot, true, Set.of());

    // A first batch whose body broke off after one group: never finished, so the next one is still the first.
    d.begin().rooms(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "hello old").build().joined())
        .toCompletableFuture().get(5, SECONDS);
    var parts = d.begin();
    parts.rooms(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "hello old").build().joined())
        .toCompletableFuture().get(5, SECONDS);
    parts.rooms(SyncBatchBuilder.batch("s1").text(other, ALICE, "hello old too").build().joined())
        .toCompletableFuture().get(5, SECONDS);
    parts.finish(SyncBatchBuilder.batch("s1").invite(invited, ALICE, BOT).build()).toCompletableFuture()
        .get(5, SECONDS);
    d.accept(SyncBatchBuilder.batch("s2").text(ROOM, ALICE, "hello new").build());

    assertThat(bot.log).containsExactly("invite !invited:localhost by @alice:localhost", "hello hello new");
  }

  @Test
  void aBatchInPartsRunsTheRoomsOfEveryPartAndItsRest() throws Exception {
    TestBot bot = new TestBot();
    RoomId other = RoomId.of("!other:localhost");
    RoomId third = RoomId.of("!third:localhost");
    var d = dispatcher(bot);

    var parts = d.begin();
    var first = parts.rooms(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "hello 1").text(ROOM, ALICE, "hello 2")
        .build().joined()).toCompletableFuture();
    var second = parts.rooms(SyncBatchBuilder.batch("s1").text(other, ALICE, "hello 3").build().joined())
        .toCompletableFuture();
    var rest = parts.finish(SyncBatchBuilder.batch("s1").text(third, ALICE, "hello 4").build()).toCompletableFuture();
    java.util.concurrent.CompletableFuture.allOf(first, second, rest).get(5, SECONDS);

    assertThat(bot.log).containsExactlyInAnyOrder("hello hello 1", "hello hello 2", "hello hello 3", "hello hello 4");
    assertThat(bot.log.indexOf("hello hello 1")).isLessThan(bot.log.indexOf("hello hello 2"));
  }

  @Test
  void membershipReactionAndRawEventHandlers() throws Exception {
    TestBot bot = new TestBot();
    ObjectNodeFactory f = new ObjectNodeFactory();
    dispatcher(bot).accept(SyncBatchBuilder.batch("s1")
        .member(ROOM, ALICE, ALICE, "join", null)
        .member(ROOM, MOD, ALICE, "ban", "join")
        .member(ROOM, BOT, BOT, "join", "invite")
        .timeline(ROOM, f.reaction(MOD, "$target", "👍"))
        .timeline(ROOM, f.reaction(MOD, "$target", "👎"))
        .state(ROOM, MOD, "m.room.topic", "", Json.mapper().createObjectNode().put("topic", "news"))
        .build());

    assertThat(bot.log).containsExactly("join @alice:localhost", "BAN @alice:localhost", "thumbs $target",
        "topic news in !room:localhost");
  }

  @Test
  void markdownRepliesEscapeRawHtml() throws Exception {
    dispatcher(new TestBot()).accept(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "!md").build());

    JsonNode body = onlySentBody();
    assertThat(body.path("format").asText()).isEqualTo("org.matrix.custom.html");
    assertThat(body.path("formatted_body").asText())
        .isEqualTo("<p><strong>bold</strong> &lt;script&gt;x&lt;/script&gt;</p>");
  }

  @Test
  void helpListsTheCommands() throws Exception {
    dispatcher(new TestBot()).accept(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "!help").build());

    assertThat(onlySentBody().path("body").asText()).contains("!echo", "!add <a> <b>", "Add two numbers", "!ban");
  }

  @Test
  void commandSentAsAReplyStillRuns() throws Exception {
    ObjectNodeFactory f = new ObjectNodeFactory();
    dispatcher(new TestBot()).accept(SyncBatchBuilder.batch("s1")
        .timeline(ROOM, f.reply(ALICE, "$orig", "> <@mod:localhost> something\n\n!add 1 2")).build());

    assertThat(onlySentBody().path("body").asText()).isEqualTo("3");
  }

  /** Each room's handlers see its events in order, while rooms run side by side. */
  @Test
  void keepsEventOrderWithinEachRoom() throws Exception {
    Map<RoomId, List<Integer>> seen = new ConcurrentHashMap<>();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Object bot = new Object() {
      @OnMessage
      void record(MessageEvent m) throws InterruptedException {
        threads.add(Thread.currentThread().getName());
        seen.computeIfAbsent(m.room(), r -> Collections.synchronizedList(new ArrayList<>()))
            .add(Integer.parseInt(m.body()));
        Thread.sleep(m.body().hashCode() % 3);
      }
    };
    SyncBatchBuilder b = SyncBatchBuilder.batch("s1");
    List<RoomId> rooms = new ArrayList<>();
    for (int r = 0; r < 8; r++) {
      rooms.add(RoomId.of("!r" + r + ":localhost"));
    }
    for (int i = 0; i < 40; i++) {
      for (RoomId room : rooms) {
        b.text(room, ALICE, Integer.toString(i));
      }
    }
    dispatcher(bot).accept(b.build());

    List<Integer> expected = java.util.stream.IntStream.range(0, 40).boxed().toList();
    for (RoomId room : rooms) {
      assertThat(seen.get(room)).as("order in %s", room).isEqualTo(expected);
    }
    assertThat(new HashSet<>(threads)).hasSizeGreaterThan(1);
  }

  /** A room held up by a slow handler keeps its order across overlapping batches; other rooms go on meanwhile. */
  @Test
  void overlappingBatchesKeepEachRoomInOrderWhileOtherRoomsGoOn() throws Exception {
    RoomId slow = RoomId.of("!slow:localhost");
    RoomId fast = RoomId.of("!fast:localhost");
    List<String> seen = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Object bot = new Object() {
      @OnMessage
      void record(MessageEvent m) throws InterruptedException {
        if (m.body().equals("slow 1")) {
          release.await(10, TimeUnit.SECONDS);
        }
        seen.add(m.body());
      }
    };
    var d = dispatcher(bot);

    var first = d.submit(SyncBatchBuilder.batch("s1").text(slow, ALICE, "slow 1").build());
    var second = d.submit(SyncBatchBuilder.batch("s2").text(slow, ALICE, "slow 2").text(fast, ALICE, "fast 1")
        .build());
    Thread.sleep(300); // "fast 1" has its own lane: it is handled while "slow 1" blocks

    assertThat(seen).containsExactly("fast 1");
    assertThat(first).isNotDone();
    release.countDown();
    second.get(10, TimeUnit.SECONDS);
    // The first batch's future may complete a moment after the second's: both hang on "slow 1" finishing, and the
    // sync loop saves tokens in batch order whatever order the futures complete in.
    first.get(10, TimeUnit.SECONDS);
    assertThat(seen).containsExactly("fast 1", "slow 1", "slow 2");
  }

  /** When a room's earlier work failed, its later work fails too instead of running ahead of the re-delivery. */
  @Test
  void aFailedLaneFailsTheRoomsLaterBatches() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Object bot = new Object() {
      @OnMessage
      void record(MessageEvent m) throws InterruptedException {
        release.await(10, TimeUnit.SECONDS);
        seen.add(m.body());
      }
    };
    EventDedupe memory = new InMemoryEventDedupe(100);
    AtomicInteger claims = new AtomicInteger();
    EventDedupe failing = new EventDedupe() { // the second claim (batch s2's) meets a store outage
      @Override
      public List<String> claim(Collection<String> ids) {
        if (claims.getAndIncrement() == 1) {
          throw new IllegalStateException("store down");
        }
        return memory.claim(ids);
      }

      @Override
      public void done(Collection<String> ids) {
        memory.done(ids);
      }

      @Override
      public int releaseUnfinished() {
        return 0;
      }

      @Override
      public void forget(String id) {
        memory.forget(id);
      }
    };
    HandlerRegistry registry = new HandlerRegistry("!", dev.steward.bot.command.ArgumentConverters.defaults());
    registry.register(bot);
    dispatcher = new dev.steward.bot.internal.dispatch.Dispatcher(client, registry,
        new DispatchSettings(BOT, 4, true, Set.of(), false), failing, ReplyGuard.standard());

    var first = dispatcher.submit(SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "one").build());
    var second = dispatcher.submit(SyncBatchBuilder.batch("s2").text(ROOM, ALICE, "two").build());
    var third = dispatcher.submit(SyncBatchBuilder.batch("s3").text(ROOM, ALICE, "three").build());
    release.countDown();

    first.get(10, TimeUnit.SECONDS);
    assertThat(catchThrowable(() -> second.get(10, TimeUnit.SECONDS))).hasRootCauseMessage("store down");
    assertThat(catchThrowable(() -> third.get(10, TimeUnit.SECONDS))).hasRootCauseMessage("store down");
    assertThat(seen).containsExactly("one");
  }

  /** Raw events the builder has no shortcut for. */
  static final class ObjectNodeFactory {
    com.fasterxml.jackson.databind.node.ObjectNode edit(UserId sender, String original, String newBody) {
      var ev = Json.mapper().createObjectNode().put("type", "m.room.message").put("sender", sender.value());
      var c = ev.putObject("content").put("msgtype", "m.text").put("body", "* " + newBody);
      c.putObject("m.new_content").put("msgtype", "m.text").put("body", newBody);
      c.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", original);
      return ev;
    }

    com.fasterxml.jackson.databind.node.ObjectNode reaction(UserId sender, String target, String key) {
      var ev = Json.mapper().createObjectNode().put("type", "m.reaction").put("sender", sender.value());
      ev.putObject("content").putObject("m.relates_to").put("rel_type", "m.annotation").put("event_id", target)
          .put("key", key);
      return ev;
    }

    com.fasterxml.jackson.databind.node.ObjectNode reply(UserId sender, String inReplyTo, String body) {
      var ev = Json.mapper().createObjectNode().put("type", "m.room.message").put("sender", sender.value());
      var c = ev.putObject("content").put("msgtype", "m.text").put("body", body);
      c.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", inReplyTo);
      return ev;
    }
  }
}

package dev.steward.bot.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnEdit;
import dev.steward.bot.annotation.OnEvent;
import dev.steward.bot.annotation.OnMessage;
import dev.steward.bot.annotation.OnReceipt;
import dev.steward.bot.annotation.OnRedaction;
import dev.steward.bot.annotation.OnState;
import dev.steward.bot.annotation.OnTyping;
import dev.steward.bot.annotation.Scheduled;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.event.EditEvent;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReceiptEvent;
import dev.steward.bot.event.RedactionEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.bot.event.StateEvent;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.bot.event.TypingEvent;
import dev.steward.bot.store.InMemoryEventDedupe;
import dev.steward.client.MatrixClient;
import dev.steward.client.RetryPolicy;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.internal.Json;
import dev.steward.client.testing.SyncBatchBuilder;
import java.lang.annotation.ElementType;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The route table: every handler annotation has a row, and each row hands its handlers the typed event. */
class RoutesTest {
  static final UserId BOT = UserId.of("@bot:localhost");
  static final UserId ALICE = UserId.of("@alice:localhost");
  static final RoomId ROOM = RoomId.of("!room:localhost");

  private final MockWebServer server = new MockWebServer();
  private final MatrixClient client = MatrixClient.builder().homeserver(server.url("/")).accessToken("t")
      .userId(BOT).retryPolicy(RetryPolicy.NONE).build();
  private Dispatcher dispatcher;

  @AfterEach
  void close() throws Exception {
    if (dispatcher != null) {
      dispatcher.close();
    }
    server.shutdown();
  }

  private Dispatcher dispatcher(Object bot) {
    HandlerRegistry registry = new HandlerRegistry("!", ArgumentConverters.defaults());
    registry.register(bot);
    dispatcher = new Dispatcher(client, registry, new DispatchSettings(BOT, 2, true, Set.of(), false),
        new InMemoryEventDedupe(1_000), ReplyGuard.standard());
    return dispatcher;
  }

  @Test
  void everyHandlerAnnotationHasARoute() throws Exception {
    List<Class<?>> annotations = new ArrayList<>();
    for (Resource r : new PathMatchingResourcePatternResolver()
        .getResources("classpath*:dev/steward/bot/annotation/*.class")) {
      Class<?> type = Class.forName("dev.steward.bot.annotation." + r.getFilename().replace(".class", ""));
      Target target = type.getAnnotation(Target.class);
      if (type.isAnnotation() && target != null && Arrays.asList(target.value()).contains(ElementType.METHOD)) {
        annotations.add(type);
      }
    }
    // Commands go through the command router, scheduled methods through Quartz: neither takes a routed event.
    annotations.removeAll(List.of(Command.class, Scheduled.class));

    assertThat(annotations).hasSizeGreaterThanOrEqualTo(12);
    List<Class<?>> routed = Routes.ALL.stream().<Class<?>>map(Route::annotation).toList();
    assertThat(routed).containsExactlyInAnyOrderElementsOf(annotations);
  }

  /** Handlers of the newer routes, recording what each received. */
  static final class Recorder {
    final List<String> log = new CopyOnWriteArrayList<>();

    @OnRedaction
    void redaction(RedactionEvent r) {
      log.add("redaction of " + r.redacts().value() + " by " + r.sender().value());
    }

    @OnEdit
    void edit(EditEvent e) {
      log.add("edit of " + e.original().value() + ": " + e.newBody());
    }

    @OnState("m.policy.rule.user")
    void rule(StateEvent s) {
      log.add("rule " + s.content().path("entity").asText() + " was " + s.previousContent().path("entity")
          .asText("-"));
    }

    @OnState
    void anyState(StateEvent s, EventContext ctx) {
      log.add("state " + s.type() + " in " + ctx.room().value());
    }

    @OnTyping
    void typing(TypingEvent t) {
      log.add("typing " + t.typing());
    }

    @OnReceipt("m.read")
    void read(ReceiptEvent r) {
      log.add("read " + r.eventId().value() + " by " + r.user().value());
    }

    @OnEvent("*")
    void any(TimelineEvent e) {
      log.add("event " + e.type());
    }
  }

  @Test
  void eachRouteHandsItsHandlersTheTypedEvent() throws Exception {
    Recorder bot = new Recorder();
    ObjectNode redaction = Json.mapper().createObjectNode().put("type", "m.room.redaction")
        .put("sender", ALICE.value());
    redaction.putObject("content").put("redacts", "$vote");
    ObjectNode ownRedaction = redaction.deepCopy().put("sender", BOT.value());
    ObjectNode edit = new DispatcherTest.ObjectNodeFactory().edit(ALICE, "$orig", "fixed");
    ObjectNode rule = Json.mapper().createObjectNode().put("type", "m.policy.rule.user").put("sender",
        ALICE.value()).put("state_key", "r1");
    rule.putObject("content").put("entity", "@spam:*").put("recommendation", "m.ban");
    rule.putObject("unsigned").putObject("prev_content").put("entity", "@old:*");
    JsonNode typing = Json.mapper().readTree("{\"user_ids\":[\"@alice:localhost\"]}");
    JsonNode receipts = Json.mapper().readTree(
        "{\"$m1\":{\"m.read\":{\"@alice:localhost\":{\"ts\":1}},\"m.read.private\":{\"@alice:localhost\":{}}}}");

    dispatcher(bot).accept(SyncBatchBuilder.batch("s1")
        .timeline(ROOM, redaction).timeline(ROOM, ownRedaction).timeline(ROOM, edit).timeline(ROOM, rule)
        .state(ROOM, ALICE, "m.room.topic", "", Json.mapper().createObjectNode().put("topic", "t"))
        .member(ROOM, ALICE, ALICE, "join", null)
        .ephemeral(ROOM, "m.typing", typing).ephemeral(ROOM, "m.receipt", receipts).build());

    assertThat(bot.log).containsExactly(
        "redaction of $vote by @alice:localhost", "event m.room.redaction",
        "edit of $orig: fixed", "event m.room.message",
        "rule @spam:* was @old:*", "state m.policy.rule.user in !room:localhost", "event m.policy.rule.user",
        "state m.room.topic in !room:localhost", "event m.room.topic",
        "event m.room.member",
        "typing [@alice:localhost]", "read $m1 by @alice:localhost");
  }

  static final class ThreadBot {
    @Command("!ping")
    void ping(CommandContext ctx) {
      ctx.reply("pong");
    }

    @OnMessage("hello")
    void hello(EventContext ctx) {
      ctx.send("hi");
    }
  }

  @Test
  void answersToAnEventInAThreadStayInTheThread() throws Exception {
    server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"event_id\":\"$x\"}");
      }
    });
    ObjectNode ping = threaded("$p", "!ping");
    ObjectNode hello = threaded("$h", "hello");

    dispatcher(new ThreadBot()).accept(SyncBatchBuilder.batch("s1").timeline(ROOM, ping).timeline(ROOM, hello)
        .build());

    JsonNode reply = Json.mapper().readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8());
    JsonNode notice = Json.mapper().readTree(server.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8());
    assertThat(reply.path("body").asText()).isEqualTo("pong");
    assertThat(reply.path("m.relates_to")).isEqualTo(Json.mapper().readTree("{\"rel_type\":\"m.thread\","
        + "\"event_id\":\"$root\",\"is_falling_back\":false,\"m.in_reply_to\":{\"event_id\":\"$p\"}}"));
    assertThat(notice.path("body").asText()).isEqualTo("hi");
    assertThat(notice.path("m.relates_to")).isEqualTo(Json.mapper().readTree("{\"rel_type\":\"m.thread\","
        + "\"event_id\":\"$root\",\"is_falling_back\":true,\"m.in_reply_to\":{\"event_id\":\"$h\"}}"));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  private static ObjectNode threaded(String id, String body) {
    ObjectNode ev = Json.mapper().createObjectNode().put("type", "m.room.message").put("sender", ALICE.value())
        .put("event_id", id);
    ev.putObject("content").put("msgtype", "m.text").put("body", body).putObject("m.relates_to")
        .put("rel_type", "m.thread").put("event_id", "$root");
    return ev;
  }

  static final class WrongEventType {
    @OnRedaction
    void redaction(MessageEvent m) {}
  }

  static final class RoomIdParameter {
    @OnEdit
    void edit(EditEvent e, RoomId room) {}
  }

  static final class BadRegex {
    @OnMessage("(unclosed")
    void bad(MessageEvent m) {}
  }

  @Test
  void aHandlerThatCannotTakeItsRoutesEventFailsAtRegistrationNamingIt() {
    HandlerRegistry registry = new HandlerRegistry("!", ArgumentConverters.defaults());

    assertThatThrownBy(() -> registry.register(new WrongEventType()))
        .hasMessageStartingWith("@OnRedaction handler WrongEventType.redaction: parameter 1 (MessageEvent m) "
            + "cannot be supplied; it may take RedactionEvent, EventContext, RoomEvent");
    assertThatThrownBy(() -> registry.register(new RoomIdParameter()))
        .hasMessageContaining("parameter 2 (RoomId room)").hasMessageEndingWith("the event's)");
    assertThatThrownBy(() -> registry.register(new BadRegex()))
        .hasMessageStartingWith("@OnMessage handler BadRegex.bad: bad regex");
  }
}

package dev.steward.bot.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import dev.steward.bot.store.EventDedupe;
import java.util.Collection;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnEvent;
import dev.steward.bot.annotation.OnInvite;
import dev.steward.bot.annotation.OnMembership;
import dev.steward.bot.annotation.OnMessage;
import dev.steward.bot.annotation.OnReaction;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.internal.dispatch.DispatchSettings;
import dev.steward.bot.internal.dispatch.Dispatcher;
import dev.steward.bot.internal.dispatch.HandlerRegistry;
import dev.steward.bot.event.InviteEvent;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReactionEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.client.MatrixClient;
import dev.steward.client.RetryPolicy;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.internal.Json;
import dev.steward.client.internal.SyncParser;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.SyncBatchBuilder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Feeds thousands of mutated sync batches (fields removed, types changed, ids broken, huge and deeply nested values)
 * through the parser and the dispatcher: nothing may escape, and well-formed events in a damaged batch still arrive.
 */
class SyncFuzzTest {
  /** No dedupe: a mutated batch often repeats ids, and every copy should reach the handlers. */
  private static final EventDedupe EVERY_TIME_NEW = new EventDedupe() {
    @Override
    public List<String> claim(Collection<String> eventIds) {
      return List.copyOf(eventIds);
    }

    @Override
    public void done(Collection<String> eventIds) {}

    @Override
    public int releaseUnfinished() {
      return 0;
    }

    @Override
    public void forget(String eventId) {}
  };

  private static final UserId BOT = UserId.of("@bot:localhost");
  private static final UserId ALICE = UserId.of("@alice:localhost");
  private static final int BATCHES = 3000;

  /** Touches every kind of handler so every typed event is built. */
  static final class EverythingBot {
    final AtomicInteger calls = new AtomicInteger();

    @Command("!ping")
    void ping(CommandContext ctx, @Rest String rest) {
      calls.incrementAndGet();
    }

    @OnMessage
    void message(MessageEvent m) {
      calls.incrementAndGet();
    }

    @OnMembership
    void member(MembershipEvent m) {
      calls.incrementAndGet();
      m.change();
    }

    @OnReaction
    void reaction(ReactionEvent r) {
      calls.incrementAndGet();
    }

    @OnInvite
    void invite(InviteEvent i) {
      calls.incrementAndGet();
    }

    @OnEvent("*")
    void any(RoomEvent e) {
      calls.incrementAndGet();
    }
  }

  private static ObjectNode seed() {
    RoomId room = RoomId.of("!fuzz:localhost");
    SyncBatchBuilder b = SyncBatchBuilder.batch("s1")
        .text(room, ALICE, "!ping 1")
        .html(room, ALICE, "!ping Alice", "!ping <a href=\"https://matrix.to/#/@alice:localhost\">Alice</a>")
        .message(room, ALICE, "m.notice", "hello")
        .member(room, ALICE, ALICE, "join", "invite")
        .member(room, ALICE, UserId.of("@bob:localhost"), "ban", "join")
        .state(room, ALICE, "m.room.topic", "", Json.mapper().createObjectNode().put("topic", "t"))
        .invite(RoomId.of("!inv:localhost"), ALICE, BOT);
    return (ObjectNode) readTree(b.json());
  }

  private static JsonNode readTree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every object and array in the tree, to pick mutation targets from. */
  private static void containers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.forEach(child -> containers(child, out));
    }
  }

  private static JsonNode wild(Random r) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (r.nextInt(10)) {
      case 0 -> f.nullNode();
      case 1 -> f.numberNode(r.nextLong());
      case 2 -> f.booleanNode(r.nextBoolean());
      case 3 -> f.textNode("x".repeat(r.nextInt(200_000)));
      case 4 -> f.textNode("@\u202eadmin\u200b:localhost");
      case 5 -> f.textNode("!not a room");
      case 6 -> {
        ObjectNode deep = f.objectNode();
        ObjectNode cur = deep;
        for (int i = 0; i < 500; i++) {
          cur = cur.putObject("n");
        }
        yield deep;
      }
      case 7 -> f.arrayNode().add(1).add("two");
      case 8 -> f.textNode("");
      default -> f.objectNode();
    };
  }

  private static void mutate(JsonNode root, Random r) {
    List<JsonNode> targets = new ArrayList<>();
    containers(root, targets);
    JsonNode target = targets.get(r.nextInt(targets.size()));
    if (target instanceof ObjectNode obj && obj.size() > 0) {
      List<String> names = new ArrayList<>();
      Iterator<String> it = obj.fieldNames();
      it.forEachRemaining(names::add);
      String name = names.get(r.nextInt(names.size()));
      if (r.nextBoolean()) {
        obj.remove(name);
      } else {
        obj.set(name, wild(r));
      }
    } else if (target instanceof ArrayNode arr) {
      if (arr.size() > 0 && r.nextBoolean()) {
        arr.set(r.nextInt(arr.size()), wild(r));
      } else {
        arr.add(wild(r));
      }
    }
  }

  @Test
  void mutatedBatchesNeverEscapeTheParserOrTheDispatcher() throws Exception {
    // Every skipped event is a warning by design; thousands of them would only bury this test's output.
    ch.qos.logback.classic.Logger parserLog =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SyncParser.class);
    ch.qos.logback.classic.Level level = parserLog.getLevel();
    parserLog.setLevel(ch.qos.logback.classic.Level.ERROR);
    try {
      fuzz();
    } finally {
      parserLog.setLevel(level);
    }
  }

  private void fuzz() throws Exception {
    EverythingBot bot = new EverythingBot();
    HandlerRegistry registry = new HandlerRegistry("!", ArgumentConverters.defaults());
    registry.register(bot);
    // Nothing listens here: replies fail fast with a transport error, which the dispatcher must absorb too.
    MatrixClient client = MatrixClient.builder().homeserver("http://127.0.0.1:9/").accessToken("t").userId(BOT)
        .retryPolicy(RetryPolicy.NONE).build();
    Random random = new Random(7);
    int parsed = 0;
    int rejected = 0;
    try (Dispatcher dispatcher = new Dispatcher(client, registry, new DispatchSettings(BOT, 2, false, Set.of(),
        false), EVERY_TIME_NEW, ReplyGuard.standard())) {
      for (int i = 0; i < BATCHES; i++) {
        ObjectNode batch = seed();
        for (int m = 1 + random.nextInt(4); m > 0; m--) {
          mutate(batch, random);
        }
        SyncResponse parsedBatch;
        try {
          parsedBatch = SyncParser.parse(batch);
        } catch (IllegalArgumentException e) {
          // Only a batch without next_batch may be refused as a whole; the loop then backs off and asks again.
          assertThat(e).hasMessage("sync response has no next_batch");
          rejected++;
          continue;
        }
        parsed++;
        assertThatCode(() -> dispatcher.accept(parsedBatch)).doesNotThrowAnyException();
      }
    }
    assertThat(parsed).isGreaterThan(BATCHES * 9 / 10);
    assertThat(bot.calls.get()).as("well-formed events still reach handlers").isGreaterThan(BATCHES);
    org.slf4j.LoggerFactory.getLogger(SyncFuzzTest.class).info("fuzz: {} batches parsed, {} refused for no "
        + "next_batch, {} handler calls", parsed, rejected, bot.calls.get());
  }
}

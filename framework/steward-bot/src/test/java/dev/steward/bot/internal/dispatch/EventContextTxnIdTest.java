package dev.steward.bot.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.RetryPolicy;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Transaction ids of what a handler sends through its context: derived from the triggering event, so a handler run
 * again for the same event (after a crash, in a fresh process) sends under the same ids; random without an event.
 */
class EventContextTxnIdTest {
  private static final RoomId ROOM = RoomId.of("!r:localhost");
  private static final UserId ALICE = UserId.of("@alice:localhost");
  private static final EventId EVENT = EventId.of("$command-1");

  private final MockWebServer server = new MockWebServer();

  @AfterEach
  void close() throws Exception {
    server.shutdown();
  }

  /** A fresh client, as a restarted process would have. */
  private MatrixClient client() {
    return MatrixClient.builder().homeserver(server.url("/")).accessToken("syt_test").userId(
        UserId.of("@bot:localhost")).retryPolicy(RetryPolicy.NONE).build();
  }

  private HandlerContext context(EventId event) {
    return new HandlerContext(client(), ROOM, ALICE, event, null, new SendGuard(ReplyGuard.standard()), "");
  }

  /** Runs {@code handler} on {@code ctx} and returns the transaction id of each request, in order. */
  private List<String> txnIds(EventContext ctx, int requests, Consumer<EventContext> handler) throws Exception {
    for (int i = 0; i < requests; i++) {
      server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
          .setBody("{\"event_id\":\"$sent" + i + "\"}"));
    }
    handler.accept(ctx);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(r).as("request " + (i + 1)).isNotNull();
      assertThat(r.getMethod()).isEqualTo("PUT");
      String path = r.getPath();
      ids.add(path.substring(path.lastIndexOf('/') + 1));
    }
    return ids;
  }

  /** A handler that uses every kind of send a context offers. */
  private static void everyKindOfSend(EventContext ctx) {
    ctx.reply("working");
    ctx.react("✅");
    ctx.send("a notice");
    ctx.sendMarkdown("**bold**");
    ctx.sendText("as a person");
    ctx.edit(EventId.of("$earlier"), "edited");
    ctx.redact(EventId.of("$spam"), "spam");
    ctx.replyHtml("plain", "<b>html</b>");
  }

  @Test
  void theSameEventHandledTwiceByFreshContextsSendsUnderTheSameTxnIds() throws Exception {
    List<String> first = txnIds(context(EVENT), 8, EventContextTxnIdTest::everyKindOfSend);
    List<String> second = txnIds(context(EVENT), 8, EventContextTxnIdTest::everyKindOfSend);

    assertThat(second).isEqualTo(first);
    assertThat(first).doesNotHaveDuplicates();
  }

  @Test
  void txnIdsAreShortAndUrlSafe() throws Exception {
    List<String> ids = txnIds(context(EVENT), 8, EventContextTxnIdTest::everyKindOfSend);

    assertThat(ids).allMatch(id -> id.matches("st[A-Za-z0-9_-]{22}"), "st + 22 base64url characters");
  }

  @Test
  void differentEventsGetDifferentTxnIds() throws Exception {
    List<String> one = txnIds(context(EVENT), 3, ctx -> {
      ctx.reply("a");
      ctx.reply("b");
      ctx.react("✅");
    });
    List<String> other = txnIds(context(EventId.of("$command-2")), 3, ctx -> {
      ctx.reply("a");
      ctx.reply("b");
      ctx.react("✅");
    });

    assertThat(other).doesNotContainAnyElementsOf(one);
  }

  @Test
  void handlersOfOneEventGetTxnIdsOfTheirOwn() throws Exception {
    HandlerContext shared = context(EVENT);
    List<String> plain = txnIds(shared, 1, ctx -> ctx.reply("x"));
    List<String> a = txnIds(shared.forHandler("Bot.a"), 1, ctx -> ctx.reply("x"));
    List<String> b = txnIds(shared.forHandler("Bot.b"), 1, ctx -> ctx.reply("x"));
    List<String> aAgain = txnIds(context(EVENT).forHandler("Bot.a"), 1, ctx -> ctx.reply("x"));

    assertThat(List.of(plain.get(0), a.get(0), b.get(0))).doesNotHaveDuplicates();
    assertThat(aAgain).isEqualTo(a);
    assertThat(shared.forHandler("Bot.a").scope()).isEqualTo("Bot.a");
  }

  @Test
  void sendsWithoutATriggeringEventKeepRandomTxnIds() throws Exception {
    List<String> first = txnIds(context(null), 2, ctx -> {
      ctx.send("scheduled");
      ctx.send("scheduled");
    });
    List<String> second = txnIds(context(null), 2, ctx -> {
      ctx.send("scheduled");
      ctx.send("scheduled");
    });

    assertThat(first).doesNotHaveDuplicates().allMatch(id -> id.startsWith("steward-"));
    assertThat(second).doesNotContainAnyElementsOf(first);
  }
}

package dev.steward.bot.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.annotation.OnMessage;
import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.bot.store.EventDedupe;
import dev.steward.bot.store.StewardStore;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.testing.SyncBatchBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash after the handlers ran but before the sync token was saved makes the homeserver send the same batch
 * again; the dedupe store, which survives the restart, keeps the handlers from running twice.
 */
class RestartDedupeTest {
  private static final UserId BOT = UserId.of("@bot:localhost");
  private static final UserId ALICE = UserId.of("@alice:localhost");
  private static final RoomId ROOM = RoomId.of("!room:localhost");

  @TempDir
  Path dir;

  static final class Counter {
    final List<String> handled = new CopyOnWriteArrayList<>();

    @OnMessage
    void on(MessageEvent m) {
      handled.add(m.body());
    }
  }

  private void runBatchWithFreshProcess(SyncResponse batch, Counter counter) throws Exception {
    try (StewardStore store = StewardStore.open("jdbc:h2:file:" + dir.resolve("db"), "", "")) {
      EventDedupe dedupe = store.dedupe(BOT.value(), 1000);
      HandlerRegistry registry = new HandlerRegistry("!", ArgumentConverters.defaults());
      registry.register(counter);
      MatrixClient client = MatrixClient.builder().homeserver("http://127.0.0.1:9/").accessToken("t").build();
      try (Dispatcher d = new Dispatcher(client, registry, new DispatchSettings(BOT, 2, true, Set.of(), false),
          dedupe, ReplyGuard.standard())) {
        d.accept(batch);
      }
    }
  }

  @Test
  void batchRedeliveredAfterACrashRunsNoHandlerTwice() throws Exception {
    SyncResponse batch = SyncBatchBuilder.batch("s1").text(ROOM, ALICE, "one").text(ROOM, ALICE, "two").build();
    Counter before = new Counter();
    Counter after = new Counter();

    runBatchWithFreshProcess(batch, before);
    runBatchWithFreshProcess(batch, after);

    assertThat(before.handled).containsExactly("one", "two");
    assertThat(after.handled).isEmpty();
  }
}

package dev.steward.bench;

import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.event.ReplyGuard;
import dev.steward.bot.internal.dispatch.Decryption;
import dev.steward.bot.internal.dispatch.DispatchMetrics;
import dev.steward.bot.internal.dispatch.DispatchSettings;
import dev.steward.bot.internal.dispatch.Dispatcher;
import dev.steward.bot.internal.dispatch.HandlerRegistry;
import dev.steward.bot.store.EventDedupe;
import dev.steward.bot.store.StewardStore;
import dev.steward.client.MatrixClient;
import dev.steward.client.SyncLoop;
import dev.steward.client.UserId;
import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.InMemoryCryptoStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The bot of the {@code encrypted} benchmark, plain or with encryption on: the runtime's own parts put together as
 * {@code Steward.start} puts them (an H2 file store for the sync token and the dedupe window of 10,000 ids, the
 * dispatcher with the standard reply guard, the asynchronous sync loop two batches deep) around
 * {@link DispatchBench.PingBot}; with encryption, the client's {@code Encryption} on an in-memory crypto store and the
 * dispatcher decrypting through it. ({@code Steward} itself does not take an encryption section on this branch yet;
 * the JDBC crypto store it will use comes with another branch.)
 */
final class EncryptedBot implements Contender {
  private final boolean encrypted;
  private final int threads;
  private final DispatchBench.PingBot bot = new DispatchBench.PingBot();
  private StewardStore store;
  private MatrixClient client;
  private Dispatcher dispatcher;
  private SyncLoop loop;
  private Path data;

  EncryptedBot(boolean encrypted, int threads) {
    this.encrypted = encrypted;
    this.threads = threads;
  }

  @Override
  public void start(String url) throws Exception {
    data = Files.createTempDirectory("steward-bench");
    store = StewardStore.open("jdbc:h2:file:" + data.resolve("steward"), "", "");
    UserId self = UserId.of(SyncFixture.BOT);
    client = MatrixClient.builder().homeserver(url).accessToken("bench").userId(self)
        .deviceId(EncryptedHomeserver.BOT_DEVICE).build();
    Decryption decryption = null;
    if (encrypted) {
      CryptoStore crypto = new InMemoryCryptoStore();
      decryption = Decryption.of(client.enableEncryption(crypto), crypto, Duration.ofMinutes(10));
    }
    HandlerRegistry registry = new HandlerRegistry("!", ArgumentConverters.defaults());
    registry.register(bot);
    EventDedupe dedupe = store.dedupe(self.value(), "bench", 10_000);
    dedupe.releaseUnfinished();
    dispatcher = new Dispatcher(client, registry, new DispatchSettings(self, threads, true, Set.of(), false), dedupe,
        ReplyGuard.standard(), DispatchMetrics.NONE, decryption);
    loop = SyncLoop.asyncBuilder(client, dispatcher).depth(2).tokenStore(store.syncTokens(self.value()))
        .timeout(Duration.ofSeconds(1)).build();
    loop.start();
  }

  @Override
  public long handled() {
    return bot.handled.get();
  }

  @Override
  public Optional<Throwable> failure() {
    return loop == null ? Optional.empty() : loop.failure();
  }

  @Override
  public void close() throws Exception {
    if (loop != null) {
      loop.stop(Duration.ofSeconds(5));
    }
    if (dispatcher != null) {
      dispatcher.close();
    }
    if (client != null) {
      client.close();
    }
    if (store != null) {
      store.close();
    }
    if (data != null) {
      try (Stream<Path> files = Files.walk(data)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}

package dev.steward.bench;

import java.util.Optional;

/** A bot under benchmark: started against the fake homeserver, it answers {@code !ping N} with {@code pong N}. */
interface Contender extends AutoCloseable {
  /** Starts syncing from {@code homeserverUrl} as {@link SyncFixture#BOT}. */
  void start(String homeserverUrl) throws Exception;

  /** Message events (commands and chat) the bot has looked at so far. */
  long handled();

  /** Why the bot stopped by itself, if it did. */
  Optional<Throwable> failure();

  @Override
  void close() throws Exception;
}

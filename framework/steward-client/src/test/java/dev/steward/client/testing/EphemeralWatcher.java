package dev.steward.client.testing;

import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.SyncRequest;
import dev.steward.client.model.BasicEvent;
import dev.steward.client.model.SyncResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What one user sees besides the timeline: syncs incrementally and keeps every ephemeral event (typing, receipts)
 * per room, so tests can wait for another user's typing notice or read receipt.
 */
public final class EphemeralWatcher {
  private final MatrixClient client;
  private final List<Seen> seen = new ArrayList<>();
  private String since;

  /** An ephemeral event and the room it arrived in. */
  public record Seen(RoomId room, BasicEvent event) {}

  public EphemeralWatcher(MatrixClient client) {
    this.client = client;
  }

  /** Syncs once (short long-poll) and records the ephemeral events. */
  public SyncResponse poll() {
    SyncResponse batch = client.sync(SyncRequest.of(since, since == null ? Duration.ZERO : Duration.ofSeconds(1)));
    since = batch.nextBatch();
    batch.joined().forEach((room, joined) -> joined.ephemeral().forEach(e -> seen.add(new Seen(room, e))));
    return batch;
  }

  /** Syncs until an ephemeral event in {@code room} that arrived after the last call matches, and returns it. */
  public BasicEvent await(RoomId room, Predicate<BasicEvent> match, String what) {
    int from = seen.size();
    return Await.until(Duration.ofSeconds(30), what, () -> {
      poll();
      return seen.subList(from, seen.size()).stream()
          .filter(s -> s.room().equals(room) && match.test(s.event()))
          .map(Seen::event)
          .findFirst();
    });
  }

  /** The room account data a fresh, full sync shows now (not a cached value), e.g. {@code m.tag}. */
  public static Optional<BasicEvent> freshRoomAccountData(MatrixClient client, RoomId room, String type) {
    SyncResponse full = freshSync(client);
    return Optional.ofNullable(full.joined().get(room))
        .flatMap(j -> j.accountData().stream().filter(e -> e.type().equals(type)).findFirst());
  }

  /** The global account data a fresh, full sync shows now, e.g. {@code m.push_rules}. */
  public static Optional<BasicEvent> freshAccountData(MatrixClient client, String type) {
    SyncResponse full = freshSync(client);
    return full.accountData().stream().filter(e -> e.type().equals(type)).findFirst();
  }

  /**
   * An initial sync that Synapse cannot answer from its sync response cache, which keeps an answer for identical
   * requests for minutes: a throwaway event type in an inline filter makes every request unique.
   */
  public static SyncResponse freshSync(MatrixClient client) {
    String filter = "{\"room\":{\"timeline\":{\"limit\":1,\"not_types\":[\"dev.steward.nonce." + UUID.randomUUID()
        + "\"]}}}";
    return client.sync(SyncRequest.of(null, Duration.ZERO).withFilter(filter));
  }
}

package dev.steward.client.testing;

import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.SyncRequest;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** What one user sees: syncs incrementally and keeps every timeline event it has seen, so tests can count. */
public final class SyncWatcher {
  private final MatrixClient client;
  private final List<Seen> seen = new ArrayList<>();
  private String since;

  /** An event and the room it arrived in. */
  public record Seen(RoomId room, RoomEvent event) {}

  public SyncWatcher(MatrixClient client) {
    this.client = client;
  }

  /** Syncs once (short long-poll) and records the timeline events. */
  public SyncResponse poll() {
    SyncResponse batch = client.sync(SyncRequest.of(since, since == null ? Duration.ZERO : Duration.ofSeconds(1)));
    since = batch.nextBatch();
    batch.joined().forEach((room, joined) -> record(room, joined));
    // A user who was kicked or banned sees the room, and the event that removed them, under "leave".
    batch.left().forEach((room, left) -> left.timeline().events().forEach(e -> seen.add(new Seen(room, e))));
    return batch;
  }

  private void record(RoomId room, JoinedRoom joined) {
    joined.timeline().events().forEach(e -> seen.add(new Seen(room, e)));
  }

  /** Syncs until an event in {@code room} matches, and returns it. */
  public RoomEvent await(RoomId room, Predicate<RoomEvent> match, String what) {
    return Await.until(Duration.ofSeconds(30), what, () -> {
      Optional<RoomEvent> hit = find(room, match);
      if (hit.isPresent()) {
        return hit;
      }
      poll();
      return find(room, match);
    });
  }

  /** Syncs until the user has an invite to {@code room}. */
  public void awaitInvite(RoomId room) {
    Await.until(Duration.ofSeconds(30), "invite to " + room,
        () -> poll().invited().containsKey(room) ? Optional.of(true) : Optional.empty());
  }

  /** Every recorded event in {@code room} that matches. */
  public List<RoomEvent> all(RoomId room, Predicate<RoomEvent> match) {
    return seen.stream().filter(s -> s.room().equals(room) && match.test(s.event())).map(Seen::event).toList();
  }

  private Optional<RoomEvent> find(RoomId room, Predicate<RoomEvent> match) {
    return all(room, match).stream().findFirst();
  }

  /** Matches an {@code m.room.message} with this exact body. */
  public static Predicate<RoomEvent> messageWithBody(String body) {
    return e -> e.type().equals("m.room.message") && body.equals(e.contentText("body"));
  }
}

package dev.steward.client;

import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.LeftRoom;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room listeners for programs that use the client without the bot runtime: add a listener for a {@link Kind} of
 * change, feed this to a {@link SyncLoop} (or call {@link #accept} with batches of your own), and each sync batch is
 * turned into at most one call per room and kind, so the messages of a batch arrive together. A listener that throws
 * is logged and the others still run; the sync loop goes on.
 *
 * <pre>{@code
 * RoomListeners listeners = new RoomListeners(client.userId());
 * listeners.addListener(RoomListeners.Kind.MESSAGES, change -> System.out.println(change.events().size()));
 * SyncLoop loop = listeners.syncLoop(client);
 * loop.start();
 * }</pre>
 */
public final class RoomListeners implements SyncLoop.BatchConsumer {
  private static final Logger log = LoggerFactory.getLogger(RoomListeners.class);
  private static final Set<String> MESSAGE_TYPES = Set.of("m.room.message", "m.room.encrypted", "m.sticker");

  /** What changed in a room. */
  public enum Kind {
    /** The user was invited to a room or joined one (events: the invite is empty, a join has the join event). */
    NEW,
    /** Anything happened in a room: every new timeline and state event of the batch. */
    UPDATE,
    /** Members joined, left, were invited, kicked, banned or changed their name or avatar (the member events). */
    MEMBERS,
    /** Messages arrived (messages, encrypted messages, stickers), all of one batch together. */
    MESSAGES,
    /** The user left the room, or was removed from it (the events up to the leave). */
    LEFT
  }

  /**
   * One change to one room.
   *
   * @param room the room
   * @param kind what changed
   * @param events the events that changed it, oldest first
   */
  public record RoomChange(RoomId room, Kind kind, List<RoomEvent> events) {
    public RoomChange {
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(kind, "kind");
      events = List.copyOf(events);
    }
  }

  /** Receives changes of the kind it was added for. */
  @FunctionalInterface
  public interface Listener {
    void on(RoomChange change);
  }

  private final UserId me;
  private final Map<Kind, List<Listener>> listeners = new EnumMap<>(Kind.class);

  /** Listeners for the account {@code me} (whose own join makes a room {@link Kind#NEW}). */
  public RoomListeners(UserId me) {
    this.me = Objects.requireNonNull(me, "me");
    for (Kind k : Kind.values()) {
      listeners.put(k, new CopyOnWriteArrayList<>());
    }
  }

  /** Calls {@code listener} for every change of {@code kind}. */
  public void addListener(Kind kind, Listener listener) {
    listeners.get(Objects.requireNonNull(kind, "kind")).add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops calling {@code listener} (the instance that was added) for {@code kind}; false when it was not there. */
  public boolean removeListener(Kind kind, Listener listener) {
    return listeners.get(Objects.requireNonNull(kind, "kind")).remove(listener);
  }

  /** A sync loop for {@code client} that feeds these listeners (not started). */
  public SyncLoop syncLoop(MatrixClient client) {
    return SyncLoop.builder(client, this).build();
  }

  /** Turns one batch into listener calls: per room, NEW, then MEMBERS, MESSAGES and UPDATE; LEFT for rooms left. */
  @Override
  public void accept(SyncResponse batch) {
    batch.invited().keySet().forEach(room -> fire(room, Kind.NEW, List.of()));
    batch.joined().forEach(this::joined);
    batch.left().forEach(this::left);
  }

  private void joined(RoomId room, JoinedRoom r) {
    List<RoomEvent> all = new ArrayList<>(r.state());
    all.addAll(r.timeline().events());
    List<RoomEvent> myJoin = all.stream().filter(e -> isMember(e) && me.value().equals(e.stateKey())
        && "join".equals(e.contentText("membership")) && !"join".equals(previousMembership(e))).toList();
    if (!myJoin.isEmpty()) {
      fire(room, Kind.NEW, myJoin);
    }
    fire(room, Kind.MEMBERS, r.timeline().events().stream().filter(RoomListeners::isMember).toList());
    fire(room, Kind.MESSAGES, r.timeline().events().stream().filter(e -> MESSAGE_TYPES.contains(e.type()))
        .toList());
    fire(room, Kind.UPDATE, all);
  }

  private void left(RoomId room, LeftRoom r) {
    List<RoomEvent> all = new ArrayList<>(r.state());
    all.addAll(r.timeline().events());
    fire(room, Kind.LEFT, all);
  }

  private void fire(RoomId room, Kind kind, List<RoomEvent> events) {
    if (events.isEmpty() && kind != Kind.NEW && kind != Kind.LEFT) {
      return;
    }
    for (Listener l : listeners.get(kind)) {
      call(l, new RoomChange(room, kind, events));
    }
  }

  private static void call(Listener l, RoomChange change) {
    try {
      l.on(change);
    } catch (RuntimeException e) {
      log.warn("room listener for {} in {} failed; the other listeners still run", change.kind(), change.room(), e);
    }
  }

  private static boolean isMember(RoomEvent e) {
    return e.type().equals("m.room.member") && e.stateKey() != null;
  }

  private static String previousMembership(RoomEvent e) {
    return e.unsigned() == null ? null : e.unsigned().path("prev_content").path("membership").asText(null);
  }
}

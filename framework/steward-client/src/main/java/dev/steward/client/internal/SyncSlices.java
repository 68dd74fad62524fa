package dev.steward.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@code /sync} body cut into its joined rooms, parsed in chunks, and everything else parsed. The rooms are what a
 * busy account's batch is made of; cut apart, they can be parsed on several threads rather than all on the sync
 * thread. A chunk goes to the parse pool as soon as it is cut, while the calling thread cuts the rest, and the calling
 * thread parses the last chunk itself.
 *
 * @param rest the batch without {@code rooms.join}: next_batch, invites, left rooms, account data and the rest
 * @param joined what parsing each chunk of joined rooms gave, in the order of the body
 * @param <T> what a chunk parses to
 */
record SyncSlices<T>(ObjectNode rest, List<T> joined) {
  /** Below this many bytes a body is parsed on the calling thread alone: handing over costs more. */
  static final int PARALLEL_BYTES = 64 * 1024;

  /**
   * One joined room of the body.
   *
   * @param id the room id as the body spells it (not yet validated)
   * @param start index of its object's {@code '{'}
   * @param end index just past its object
   */
  record Room(String id, int start, int end) {}

  /**
   * Cuts {@code body} and applies {@code parse} to its joined rooms in chunks, one per available processor; throws
   * {@link JsonSlices.Malformed} when it is not an object of the expected shape (chunks already handed over are then
   * parsed in vain).
   */
  static <T> SyncSlices<T> cut(byte[] body, Function<List<Room>, T> parse) throws JsonSlices.Malformed, IOException {
    JsonSlices json = new JsonSlices(body, body.length);
    ObjectNode rest = Json.mapper().createObjectNode();
    Chunks<T> chunks = new Chunks<>(body.length, parse);
    // What follows the object is ignored, as Jackson's readTree ignores it.
    json.members(json.skipSpace(0), (name, from) -> {
      if (name.equals("rooms") && json.objectAt(from)) {
        ObjectNode rooms = rest.putObject("rooms");
        return json.members(from, (section, sFrom) -> {
          if (section.equals("join") && json.objectAt(sFrom)) {
            return json.members(sFrom, (room, rFrom) -> {
              int rTo = json.valueEnd(rFrom);
              chunks.add(new Room(room, rFrom, rTo));
              return rTo;
            });
          }
          return parsed(json, body, sFrom, rooms, section);
        });
      }
      return parsed(json, body, from, rest, name);
    });
    return new SyncSlices<>(rest, chunks.finish());
  }

  /** Parses the value at {@code from} into {@code into.name}; returns the index just past it. */
  private static int parsed(JsonSlices json, byte[] body, int from, ObjectNode into, String name)
      throws JsonSlices.Malformed, IOException {
    int to = json.valueEnd(from);
    into.set(name, Json.mapper().readTree(body, from, to - from));
    return to;
  }

  /** Rooms gathered into chunks as they are cut; each full chunk but the last is handed to the parse pool. */
  private static final class Chunks<T> {
    private final Function<List<Room>, T> parse;
    /**
     * Bytes of rooms that fill a chunk handed to the pool, or no limit for a small body. The calling thread also cuts
     * the body and does the rest of the sync, so it keeps a smaller last chunk: 1/(n+1) of the rooms for n
     * processors, the pool threads sharing the rest.
     */
    private final long full;
    private final List<CompletableFuture<T>> handed = new ArrayList<>();
    private List<Room> current = new ArrayList<>();
    private long bytes;

    Chunks(int bodyBytes, Function<List<Room>, T> parse) {
      this.parse = parse;
      int n = Pool.PARALLELISM;
      this.full = bodyBytes < PARALLEL_BYTES || n < 2 ? Long.MAX_VALUE : (long) bodyBytes * n / ((n + 1L) * (n - 1));
    }

    void add(Room room) {
      current.add(room);
      bytes += room.end() - room.start();
      if (bytes >= full && handed.size() < Pool.PARALLELISM - 1) {
        List<Room> chunk = current;
        handed.add(CompletableFuture.supplyAsync(() -> parse.apply(chunk), Pool.EXECUTOR));
        current = new ArrayList<>();
        bytes = 0;
      }
    }

    /** Parses the last chunk here and returns every chunk's result in the order of the body. */
    List<T> finish() {
      T last = parse.apply(current);
      List<T> out = new ArrayList<>();
      // join(), not get(): a chunk takes milliseconds, and an interrupt must not leave the batch half parsed.
      handed.forEach(f -> out.add(f.join()));
      out.add(last);
      return out;
    }
  }

  /** Threads that parse chunks of rooms beside the sync thread: one fewer than the processors. */
  private static final class Pool {
    static final int PARALLELISM = Runtime.getRuntime().availableProcessors();
    private static final AtomicInteger COUNT = new AtomicInteger();
    static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(Math.max(1, PARALLELISM - 1), r -> {
      Thread t = new Thread(r, "steward-sync-parse-" + Pool.COUNT.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}

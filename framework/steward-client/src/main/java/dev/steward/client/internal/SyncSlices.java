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
 * A {@code /sync} body cut into its joined rooms, each still raw bytes, and everything else parsed. The rooms are what
 * a busy account's batch is made of; cut apart, they can be parsed on several threads rather than all on the sync
 * thread.
 *
 * @param rest the batch without {@code rooms.join}: next_batch, invites, left rooms, account data and the rest
 * @param joined each joined room's id and where its object lies in the body, in the order of the body
 */
record SyncSlices(ObjectNode rest, List<Room> joined) {
  /** Below this many bytes of joined rooms a batch is parsed on the calling thread alone: handing over costs more. */
  static final int PARALLEL_BYTES = 64 * 1024;

  /**
   * One joined room of the body.
   *
   * @param id the room id as the body spells it (not yet validated)
   * @param start index of its object's {@code '{'}
   * @param end index just past its object
   */
  record Room(String id, int start, int end) {}

  /** Cuts {@code body}; throws {@link JsonSlices.Malformed} when it is not an object of the expected shape. */
  static SyncSlices cut(byte[] body) throws JsonSlices.Malformed, IOException {
    JsonSlices json = new JsonSlices(body, body.length);
    ObjectNode rest = Json.mapper().createObjectNode();
    List<Room> joined = new ArrayList<>();
    // What follows the object is ignored, as Jackson's readTree ignores it.
    json.members(json.skipSpace(0), (name, from) -> {
      if (name.equals("rooms") && json.objectAt(from)) {
        ObjectNode rooms = rest.putObject("rooms");
        return json.members(from, (section, sFrom) -> {
          if (section.equals("join") && json.objectAt(sFrom)) {
            return json.members(sFrom, (room, rFrom) -> {
              int rTo = json.valueEnd(rFrom);
              joined.add(new Room(room, rFrom, rTo));
              return rTo;
            });
          }
          return parsed(json, body, sFrom, rooms, section);
        });
      }
      return parsed(json, body, from, rest, name);
    });
    return new SyncSlices(rest, joined);
  }

  /** Parses the value at {@code from} into {@code into.name}; returns the index just past it. */
  private static int parsed(JsonSlices json, byte[] body, int from, ObjectNode into, String name)
      throws JsonSlices.Malformed, IOException {
    int to = json.valueEnd(from);
    into.set(name, Json.mapper().readTree(body, from, to - from));
    return to;
  }

  /**
   * Applies {@code parse} to the joined rooms in chunks of about equal bytes, one per available processor, the first
   * on the calling thread and the others on the parse pool; small batches are one chunk. Returns the chunks' results
   * in the order of the body.
   */
  <T> List<T> inChunks(Function<List<Room>, T> parse) {
    long bytes = 0;
    for (Room r : joined) {
      bytes += r.end() - r.start();
    }
    int parts = bytes < PARALLEL_BYTES ? 1 : Math.min(joined.size(), Pool.PARALLELISM);
    if (parts <= 1) {
      return List.of(parse.apply(joined));
    }
    List<List<Room>> chunks = new ArrayList<>();
    List<Room> chunk = new ArrayList<>();
    long inChunk = 0;
    for (Room r : joined) {
      chunk.add(r);
      inChunk += r.end() - r.start();
      if (inChunk * parts >= bytes && chunks.size() < parts - 1) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        inChunk = 0;
      }
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    List<CompletableFuture<T>> others = new ArrayList<>();
    for (List<Room> c : chunks.subList(1, chunks.size())) {
      others.add(CompletableFuture.supplyAsync(() -> parse.apply(c), Pool.EXECUTOR));
    }
    List<T> out = new ArrayList<>();
    out.add(parse.apply(chunks.get(0)));
    // join(), not get(): a chunk takes milliseconds, and an interrupt must not leave the batch half parsed.
    others.forEach(f -> out.add(f.join()));
    return out;
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

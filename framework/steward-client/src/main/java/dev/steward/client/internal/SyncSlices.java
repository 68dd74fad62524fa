package dev.steward.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * A {@code /sync} body cut into its joined rooms, parsed in chunks, and everything else parsed. The rooms are what a
 * busy account's batch is made of; cut apart, they can be parsed on several threads rather than all on the sync
 * thread. Chunks are queued as they are cut and taken by the parse pool at once, while the calling thread cuts the
 * rest; then the calling thread takes chunks too.
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
   * Cuts {@code body} and applies {@code parse} to its joined rooms in chunks, a few per available processor, on the
   * parse pool and the calling thread; throws {@link JsonSlices.Malformed} when it is not an object of the expected
   * shape (chunks already queued are then parsed in vain).
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

  /**
   * Rooms gathered into chunks as they are cut. A chunk is queued as soon as it is full, and at the first one the
   * pool's threads start taking chunks from the queue; the calling thread, once it has cut the whole body, takes
   * chunks too until none is left, then waits for those the pool is still parsing. Both sides thus parse from the
   * first chunk cut to the last one parsed, instead of the pool starting only once most of the body was cut and the
   * calling thread then waiting for it. Small chunks keep that wait at the end short. The wait is for the chunks, not
   * for the pool's threads: a pool busy with another client's batch only parses less of this one.
   */
  private static final class Chunks<T> {
    /** Chunks per pool thread and per body: enough that the last one parsed is a small part of the batch. */
    static final int CHUNKS_PER_THREAD = 4;
    /** No chunk smaller than this: a handover costs more than parsing a few rooms. */
    static final int MIN_CHUNK_BYTES = 16 * 1024;

    private final Function<List<Room>, T> parse;
    /** Bytes of rooms that fill a chunk, or no limit for a small body (parsed on the calling thread alone). */
    private final long full;
    /** Chunks cut and not yet taken; the pool's threads and the calling thread take. */
    private final ConcurrentLinkedQueue<Chunk> queued = new ConcurrentLinkedQueue<>();
    /** What each chunk parsed to, by index; written by the thread that parsed it, read once all are parsed. */
    private final AtomicReferenceArray<T> results;
    /** A permit per chunk parsed (or failed), whichever thread parsed it. */
    private final Semaphore parsed = new Semaphore(0);
    /** The first failure of a chunk's parse, thrown by {@link #finish()}. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean helped;
    private List<Room> current = new ArrayList<>();
    private int cut;
    private long bytes;

    Chunks(int bodyBytes, Function<List<Room>, T> parse) {
      this.parse = parse;
      int helpers = Pool.PARALLELISM - 1;
      this.full = bodyBytes < PARALLEL_BYTES || helpers < 1 ? Long.MAX_VALUE
          : Math.max(MIN_CHUNK_BYTES, (long) bodyBytes / ((helpers + 1L) * CHUNKS_PER_THREAD));
      // A chunk holds at least `full` bytes of rooms, so this many is the most a body can give, plus the last one.
      this.results = new AtomicReferenceArray<>(full == Long.MAX_VALUE ? 1 : (int) (bodyBytes / full) + 1);
    }

    void add(Room room) {
      current.add(room);
      bytes += room.end() - room.start();
      if (bytes >= full) {
        queued.add(new Chunk(cut++, current));
        current = new ArrayList<>();
        bytes = 0;
        if (!helped) {
          helped = true;
          for (int i = 0; i < Pool.PARALLELISM - 1; i++) {
            Pool.EXECUTOR.execute(this::takeAll);
          }
        }
      }
    }

    /** Parses queued chunks until none is left. */
    private void takeAll() {
      for (Chunk c = queued.poll(); c != null; c = queued.poll()) {
        try {
          results.set(c.index(), parse.apply(c.rooms()));
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        } finally {
          parsed.release();
        }
      }
    }

    /**
     * Parses the last chunk and whatever is still queued here, waits for the chunks the pool took; returns every
     * chunk's result in the body's order, or throws what a chunk's parse threw.
     */
    List<T> finish() {
      if (!current.isEmpty() || cut == 0) {
        queued.add(new Chunk(cut++, current));
      }
      takeAll();
      // Uninterruptibly: a chunk takes milliseconds, and an interrupt must not leave the batch half parsed.
      parsed.acquireUninterruptibly(cut);
      Throwable t = failure.get();
      if (t instanceof RuntimeException r) {
        throw r;
      } else if (t instanceof Error e) {
        throw e;
      } else if (t != null) {
        throw new IllegalStateException(t); // a Function cannot throw a checked exception; just in case
      }
      List<T> out = new ArrayList<>(cut);
      for (int i = 0; i < cut; i++) {
        out.add(results.get(i));
      }
      return out;
    }

    /** Rooms parsed together, and where their result goes among the chunks of the body. */
    private record Chunk(int index, List<Room> rooms) {}
  }

  /** Threads that parse chunks of rooms beside the sync thread: one fewer than the processors. */
  static final class Pool {
    static final int PARALLELISM = Runtime.getRuntime().availableProcessors();
    private static final AtomicInteger COUNT = new AtomicInteger();
    static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(Math.max(1, PARALLELISM - 1), r -> {
      Thread t = new Thread(r, "steward-sync-parse-" + Pool.COUNT.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}

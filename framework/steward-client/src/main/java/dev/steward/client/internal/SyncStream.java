package dev.steward.client.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.RoomId;
import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.SyncResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Reads a {@code /sync} body from its stream and hands its joined rooms on in groups as they are read, so a large
 * batch (the initial sync of an account in tens of thousands of rooms) is never held whole: neither its bytes nor
 * all its rooms' events. Only a window of the body, the groups being parsed and what the receiver still holds are
 * in memory. A body up to {@link #WHOLE_BYTES} is read whole and parsed by {@link SyncParser#parse(byte[])}, as
 * every ordinary batch is.
 *
 * <p>The rooms of a group are parsed as {@link SyncParser#parse(byte[])} parses them (malformed events and rooms
 * skipped and counted), on the parse pool beside the reading thread; groups are handed on in the body's order, each
 * room in one group. Everything but the joined rooms (next_batch, invites, left rooms, account data, to-device and
 * whatever else the body holds) is parsed once the body is read, into the {@link SyncResponse} returned, whose
 * {@link SyncResponse#joined()} is then empty.
 */
public final class SyncStream {
  /** A body up to this many bytes is read whole and parsed as one batch. */
  public static final int WHOLE_BYTES = 4 << 20;
  /** Joined rooms are handed on in groups of about this many bytes of their JSON. */
  static final int GROUP_BYTES = 512 << 10;
  /** How many more bytes a window reads at least, once its first fill is used up. */
  private static final int READ_BYTES = 256 << 10;

  private final InputStream in;
  private final Consumer<Map<RoomId, JoinedRoom>> rooms;
  private final int groupBytes;
  /** The window: the body's bytes from {@link #dropped} on, {@code buf[0, limit)} read. */
  private byte[] buf;
  private long dropped;
  private int limit;
  private boolean eof;
  private final ObjectNode rest = Json.mapper().createObjectNode();
  /** Rooms cut for the group being gathered: their bytes, one after another, and where each one is. */
  private byte[] groupBuf = new byte[0];
  private int groupLen;
  private List<SyncSlices.Room> groupRooms = new ArrayList<>();
  /** Groups cut and handed to the pool, oldest first; handed on in this order. */
  private final ArrayDeque<Group> parsing = new ArrayDeque<>();
  private int skipped;

  private SyncStream(InputStream in, byte[] buf, int limit, Consumer<Map<RoomId, JoinedRoom>> rooms, int groupBytes) {
    this.in = in;
    this.buf = buf;
    this.limit = limit;
    this.rooms = rooms;
    this.groupBytes = groupBytes;
  }

  /**
   * Reads a batch from {@code in}: a body up to {@link #WHOLE_BYTES} as {@link SyncParser#parse(byte[])} does;
   * a larger one with its joined rooms handed to {@code rooms} in groups as they are read, and the rest returned.
   * What {@code rooms} throws ends the read and is thrown from here.
   */
  public static SyncResponse read(InputStream in, Consumer<Map<RoomId, JoinedRoom>> rooms) throws IOException {
    return read(in, rooms, WHOLE_BYTES, GROUP_BYTES);
  }

  /** As {@link #read(InputStream, Consumer)} with other sizes (for tests). */
  static SyncResponse read(InputStream in, Consumer<Map<RoomId, JoinedRoom>> rooms, int wholeBytes, int groupBytes)
      throws IOException {
    byte[] first = in.readNBytes(wholeBytes + 1);
    if (first.length <= wholeBytes) {
      return SyncParser.parse(first);
    }
    return new SyncStream(in, first, first.length, rooms, groupBytes).batch();
  }

  private SyncResponse batch() throws IOException {
    int i = space(0);
    if (byteAt(i) != '{') {
      throw malformed("expected an object", i);
    }
    members(i, (name, from) -> {
      if (name.equals("rooms") && objectAt(from)) {
        ObjectNode sections = rest.putObject("rooms");
        return members(from, (section, sFrom) -> {
          if (section.equals("join") && objectAt(sFrom)) {
            return members(sFrom, this::joinedRoom);
          }
          return parsed(sFrom, sections, section);
        });
      }
      return parsed(from, rest, name);
    });
    // What follows the object is not read, as Jackson's readTree ignores it.
    flushGroup();
    while (!parsing.isEmpty()) {
      handOn(parsing.poll());
    }
    return SyncParser.withoutJoined(rest, skipped);
  }

  /** Receives one member; returns the window index just past its value. */
  @FunctionalInterface
  private interface Member {
    int accept(String name, int valueStart) throws IOException;
  }

  /**
   * Walks the object whose {@code '{'} is at window index {@code start}, calling {@code member} for each member with
   * the window index of its value; returns the index just past the closing {@code '}'}. Reading on moves the window:
   * an index is only used until the next call that may read, which returns the index to go on from.
   */
  private int members(int start, Member member) throws IOException {
    int i = space(start + 1);
    if (byteAt(i) == '}') {
      return i + 1;
    }
    while (true) {
      if (byteAt(i) != '"') {
        throw malformed("expected a member name", i);
      }
      int nameEnd = valueEnd(i);
      String name = new JsonSlices(buf, limit).name(valueStart, nameEnd);
      i = space(nameEnd);
      if (byteAt(i) != ':') {
        throw malformed("expected ':'", i);
      }
      i = space(member.accept(name, space(i + 1)));
      int c = byteAt(i);
      if (c == ',') {
        i = space(i + 1);
      } else if (c == '}') {
        return i + 1;
      } else {
        throw malformed("expected ',' or '}'", i);
      }
    }
  }

  /** Cuts one joined room out of the window into the group being gathered; hands the group on when it is full. */
  private int joinedRoom(String id, int from) throws IOException {
    int to = valueEnd(from);
    from = valueStart; // where the room starts now: the window may have moved on
    int length = to - from;
    if (groupLen + length > groupBuf.length) {
      groupBuf = Arrays.copyOf(groupBuf, Math.max(groupLen + length, Math.max(groupBytes + groupBytes / 4,
          groupBuf.length * 2)));
    }
    System.arraycopy(buf, from, groupBuf, groupLen, length);
    groupRooms.add(new SyncSlices.Room(id, groupLen, groupLen + length));
    groupLen += length;
    if (groupLen >= groupBytes) {
      flushGroup();
    }
    return to;
  }

  /** Queues the group gathered so far for parsing; hands on the oldest groups beyond one per parsing thread. */
  private void flushGroup() {
    if (groupRooms.isEmpty()) {
      return;
    }
    Group g = new Group(Arrays.copyOf(groupBuf, groupLen), groupRooms);
    groupRooms = new ArrayList<>();
    groupLen = 0;
    parsing.add(g);
    SyncSlices.Pool.EXECUTOR.execute(g::parse);
    while (parsing.size() > SyncSlices.Pool.PARALLELISM) {
      handOn(parsing.poll());
    }
  }

  private void handOn(Group g) {
    SyncParser.JoinedGroup parsed = g.result();
    skipped += parsed.skipped();
    rooms.accept(parsed.rooms());
  }

  /** Parses the value at window index {@code from} into {@code into.name}; returns the index just past it. */
  private int parsed(int from, ObjectNode into, String name) throws IOException {
    int to = valueEnd(from);
    into.set(name, Json.mapper().readTree(buf, valueStart, to - valueStart));
    return to;
  }

  /** Where the value last cut by {@link #valueEnd} starts now (the window may have moved while it was cut). */
  private int valueStart;

  /**
   * The window index just past the value starting at window index {@code from}, reading more of the body until the
   * value is whole in the window; {@link #valueStart} is then where it starts. Bytes before it are dropped.
   */
  private int valueEnd(int from) throws IOException {
    while (true) {
      try {
        int to = new JsonSlices(buf, limit).valueEnd(from);
        // A number or literal that ends where the window does may go on in the bytes not read yet.
        if (to < limit || eof) {
          valueStart = from;
          return to;
        }
      } catch (JsonSlices.Malformed e) {
        if (!e.cutShort || eof) {
          throw new IOException("malformed sync body (window from byte " + dropped + "): " + e.getMessage());
        }
      }
      from = more(from);
    }
  }

  /** Whether an object starts at window index {@code i}, an index {@link #space} returned. */
  private boolean objectAt(int i) {
    return byteAt(i) == '{';
  }

  /** The byte at window index {@code i}, an index {@link #space} returned (so it is read), or -1 at the end. */
  private int byteAt(int i) {
    return i < limit ? buf[i] : -1;
  }

  /** The index of the first non-whitespace byte at or after window index {@code i}. */
  private int space(int i) throws IOException {
    while (true) {
      while (i < limit && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')) {
        i++;
      }
      if (i < limit || eof) {
        return i;
      }
      i = more(i);
    }
  }

  /**
   * Reads more of the body into the window, dropping the bytes before window index {@code keep}; returns where
   * {@code keep}'s byte is now (0). Sets {@link #eof} when the body has ended.
   */
  private int more(int keep) throws IOException {
    int kept = limit - keep;
    if (keep > 0) {
      System.arraycopy(buf, keep, buf, 0, kept);
      limit = kept;
      dropped += keep;
    }
    if (buf.length - limit < READ_BYTES) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, limit + READ_BYTES));
    }
    int n = in.readNBytes(buf, limit, buf.length - limit);
    limit += n;
    if (limit < buf.length) {
      eof = true;
    }
    return 0;
  }

  private IOException malformed(String what, int at) {
    return new IOException("malformed sync body: " + what + " at byte " + (dropped + at));
  }

  /** Rooms cut from the body, parsed by whichever thread comes first: the pool's, or the reader's handing it on. */
  private static final class Group {
    private final byte[] bytes;
    private final List<SyncSlices.Room> rooms;
    private final AtomicBoolean taken = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private SyncParser.JoinedGroup result;
    private Throwable failure;

    Group(byte[] bytes, List<SyncSlices.Room> rooms) {
      this.bytes = bytes;
      this.rooms = rooms;
    }

    void parse() {
      if (!taken.compareAndSet(false, true)) {
        return;
      }
      try {
        result = SyncParser.joinedGroup(bytes, rooms);
      } catch (Throwable t) {
        failure = t;
      } finally {
        done.countDown();
      }
    }

    /** The parsed rooms: parses them here unless the pool has begun, then waits for the pool. */
    SyncParser.JoinedGroup result() {
      parse();
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // a group takes milliseconds: finish it, then keep the interrupt
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure instanceof RuntimeException r) {
        throw r;
      } else if (failure instanceof Error e) {
        throw e;
      } else if (failure != null) {
        throw new IllegalStateException(failure);
      }
      return result;
    }
  }
}

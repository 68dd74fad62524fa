package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.SyncParser;
import dev.steward.client.model.EventWithContext;
import dev.steward.client.model.MessagesPage;
import dev.steward.client.model.RoomEvent;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.HttpUrl;

/** A room's history: pages of {@code /messages}, a lazy stream over them, single events and their context. */
public final class History {
  private static final int DEFAULT_PAGE = 50;

  private final Http http;

  History(MatrixClient client) {
    this.http = client.http();
  }

  /** Which way to read history. */
  public enum Direction {
    /** From newer to older events. */
    BACKWARD("b"),
    /** From older to newer events. */
    FORWARD("f");

    private final String wire;

    Direction(String wire) {
      this.wire = wire;
    }
  }

  /**
   * One page of events from {@code from} (null: the newest end when going backward, the room's start when going
   * forward), at most {@code limit}, optionally restricted by a room event {@code filter}.
   */
  public MessagesPage page(RoomId room, Direction dir, String from, int limit, JsonNode filter) {
    return page(room, dir, from, null, limit, filter);
  }

  /**
   * As {@link #page(RoomId, Direction, String, int, JsonNode)}, stopping at the token {@code to} (null: no stop),
   * e.g. a sync token to read back only as far as the batch that came before.
   */
  public MessagesPage page(RoomId room, Direction dir, String from, String to, int limit, JsonNode filter) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(dir, "dir");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("dir", dir.wire);
    q.put("from", from);
    q.put("to", to);
    q.put("limit", Integer.toString(limit));
    q.put("filter", filter == null ? null : filter.toString());
    JsonNode r = http.json("GET", http.v3(q, "rooms", room.value(), "messages"), null, CallOptions.SAFE,
        JsonNode.class);
    JsonNode chunk = r.path("chunk");
    List<RoomEvent> events = Lenient.events(chunk, true);
    return new MessagesPage(events, Directory.textOrNull(r, "start"), Directory.textOrNull(r, "end"),
        chunk.size() - events.size());
  }

  /** Every event of the room in the given direction, fetched a page at a time as the stream is consumed. */
  public Stream<RoomEvent> stream(RoomId room, Direction dir) {
    return stream(room, dir, null, DEFAULT_PAGE, null);
  }

  /** As {@link #stream(RoomId, Direction)}, starting at {@code from} with pages of {@code pageSize} and a filter. */
  public Stream<RoomEvent> stream(RoomId room, Direction dir, String from, int pageSize, JsonNode filter) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(dir, "dir");
    Iterator<RoomEvent> it = new PageIterator(room, dir, from, pageSize, filter);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /**
   * The event closest to {@code at}: the first at or after it going {@link Direction#FORWARD}, the last at or before
   * it going {@link Direction#BACKWARD} ({@code /timestamp_to_event}); empty when there is none that way.
   */
  public Optional<EventId> eventAt(RoomId room, Instant at, Direction dir) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(dir, "dir");
    HttpUrl url = http.url("_matrix", "client", "v1", "rooms", room.value(), "timestamp_to_event").newBuilder()
        .addQueryParameter("ts", Long.toString(at.toEpochMilli())).addQueryParameter("dir", dir.wire).build();
    try {
      JsonNode r = http.json("GET", url, null, CallOptions.SAFE, JsonNode.class);
      String id = Directory.textOrNull(r, "event_id");
      return id == null ? Optional.empty() : Optional.of(EventId.of(id));
    } catch (MatrixException e) {
      if (e.code() == ErrorCode.M_NOT_FOUND) {
        return Optional.empty(); // the room is there (else the errcode says so): no event that way from "at"
      }
      throw e;
    }
  }

  /**
   * The room's history from a date: every event from the first at or after {@code at}, oldest first, fetched a
   * page at a time as the stream is consumed; empty when nothing happened since.
   */
  public Stream<RoomEvent> since(RoomId room, Instant at) {
    Optional<EventId> first = eventAt(room, at, Direction.FORWARD);
    if (first.isEmpty()) {
      return Stream.empty();
    }
    EventWithContext c = context(room, first.get(), 0);
    Stream<RoomEvent> rest = c.end() == null ? Stream.empty()
        : stream(room, Direction.FORWARD, c.end(), DEFAULT_PAGE, null);
    return Stream.concat(Stream.of(c.event()), rest);
  }

  /** One event by id ({@link MatrixException} with {@code M_NOT_FOUND} when the user may not see it). */
  public RoomEvent event(RoomId room, EventId event) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(event, "event");
    JsonNode r = http.json("GET", http.v3(null, "rooms", room.value(), "event", event.value()), null,
        CallOptions.SAFE, JsonNode.class);
    return required(r, "GET /rooms/{roomId}/event/{eventId}");
  }

  /** An event with up to {@code limit} events around it, and the room state at that point. */
  public EventWithContext context(RoomId room, EventId event, int limit) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(event, "event");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    Map<String, String> q = Map.of("limit", Integer.toString(limit));
    JsonNode r = http.json("GET", http.v3(q, "rooms", room.value(), "context", event.value()), null,
        CallOptions.SAFE, JsonNode.class);
    return new EventWithContext(required(r.path("event"), "GET /rooms/{roomId}/context/{eventId}"),
        Lenient.events(r.path("events_before"), true), Lenient.events(r.path("events_after"), true),
        Lenient.events(r.path("state"), false), Directory.textOrNull(r, "start"), Directory.textOrNull(r, "end"));
  }

  /** Walks pages until one ends without an {@code end} token or comes back empty. */
  private final class PageIterator implements Iterator<RoomEvent> {
    private final RoomId room;
    private final Direction dir;
    private final int pageSize;
    private final JsonNode filter;
    private String from;
    private Iterator<RoomEvent> current = List.<RoomEvent>of().iterator();
    private boolean exhausted;

    PageIterator(RoomId room, Direction dir, String from, int pageSize, JsonNode filter) {
      this.room = room;
      this.dir = dir;
      this.from = from;
      this.pageSize = pageSize;
      this.filter = filter;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && !exhausted) {
        MessagesPage page = page(room, dir, from, pageSize, filter);
        current = page.events().iterator();
        // A page of only malformed events still moves on; an empty chunk or no end token means history is over.
        boolean empty = page.events().isEmpty() && page.skipped() == 0;
        exhausted = page.end() == null || empty || page.end().equals(from);
        from = page.end();
      }
      return current.hasNext();
    }

    @Override
    public RoomEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }

  /** Strict parsing for a single requested event: if that one is malformed, the caller must hear of it. */
  private static RoomEvent required(JsonNode ev, String call) {
    try {
      return SyncParser.roomEvent(ev, true);
    } catch (RuntimeException e) {
      throw new MatrixException(call, "malformed event in response (" + e.getMessage() + ")", e);
    }
  }
}

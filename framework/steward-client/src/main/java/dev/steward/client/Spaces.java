package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import dev.steward.client.model.CreateRoomRequest;
import dev.steward.client.model.PublicRoom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Spaces: rooms that group other rooms through {@code m.space.child} (in the space) and {@code m.space.parent} (in
 * the child) state events. Create a space with {@link #createRequest(String)} and {@link Rooms#create}.
 */
public final class Spaces {
  private static final int PAGE = 50;

  private final MatrixClient client;
  private final Http http;

  Spaces(MatrixClient client) {
    this.client = client;
    this.http = client.http();
  }

  /** A createRoom request for a space (creation content {@code type: m.space}); add options before building. */
  public static CreateRoomRequest.Builder createRequest(String name) {
    Objects.requireNonNull(name, "name");
    return CreateRoomRequest.builder().name(name).creationContent("type", "m.space");
  }

  /**
   * Adds {@code room} to {@code space}, reachable through the {@code via} servers (at least one); with
   * {@code setParent}, also points the room back at the space (needs power in the room too).
   */
  public void addChild(RoomId space, RoomId room, List<ServerName> via, boolean suggested, boolean setParent) {
    Objects.requireNonNull(space, "space");
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(via, "via");
    if (via.isEmpty()) {
      throw new IllegalArgumentException("via must name at least one server, or clients cannot reach the room");
    }
    ObjectNode child = viaContent(via);
    if (suggested) {
      child.put("suggested", true);
    }
    client.rooms().sendState(space, "m.space.child", room.value(), child);
    if (setParent) {
      client.rooms().sendState(room, "m.space.parent", space.value(), viaContent(via).put("canonical", true));
    }
  }

  /** Removes {@code room} from {@code space} and, with {@code clearParent}, the room's pointer back at the space. */
  public void removeChild(RoomId space, RoomId room, boolean clearParent) {
    Objects.requireNonNull(space, "space");
    Objects.requireNonNull(room, "room");
    // An m.space.child without via no longer counts as a child; empty content is how the spec removes one.
    client.rooms().sendState(space, "m.space.child", room.value(), Json.mapper().createObjectNode());
    if (clearParent) {
      client.rooms().sendState(room, "m.space.parent", space.value(), Json.mapper().createObjectNode());
    }
  }

  /**
   * Creates a room inside {@code space} in one call: the room is created with its {@code m.space.parent} already
   * set (via this user's server), then added to the space ({@code m.space.child}). The power to add a child to the
   * space is checked before the room is created; should adding it still fail, the exception says which room was
   * created so it is not lost.
   */
  public RoomId createIn(RoomId space, CreateRoomRequest.Builder request, boolean suggested) {
    Objects.requireNonNull(space, "space");
    Objects.requireNonNull(request, "request");
    UserId me = client.userId();
    RoomSnapshot.load(http, space).requireCanSendState(me, "m.space.child", "add a room to " + space.value());
    List<ServerName> via = List.of(me.server());
    RoomId room = client.rooms().create(request.initialState("m.space.parent", space.value(),
        viaContent(via).put("canonical", true)).build());
    try {
      addChild(space, room, via, suggested, false);
    } catch (MatrixException e) {
      throw new MatrixException("add " + room.value() + " to space " + space.value(), "the room " + room.value()
          + " was created but could not be added to the space: " + e.getMessage(), e);
    }
    return room;
  }

  /** The spaces {@code room} names as its parents ({@code m.space.parent} events that still list servers). */
  public List<RoomId> parents(RoomId room) {
    return client.rooms().details(room).parentSpaces();
  }

  /**
   * Moves {@code room} from space {@code from} to space {@code to}: adds it to {@code to} (child and parent, via
   * {@code via}), then removes it from {@code from} (child and parent). The power for all four state events is
   * checked before anything changes, so a refused move leaves the room where it was.
   */
  public void move(RoomId room, RoomId from, RoomId to, List<ServerName> via) {
    Objects.requireNonNull(room, "room");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(via, "via");
    UserId me = client.userId();
    RoomSnapshot.load(http, from).requireCanSendState(me, "m.space.child", "remove " + room.value() + " from "
        + from.value());
    RoomSnapshot.load(http, to).requireCanSendState(me, "m.space.child", "add " + room.value() + " to " + to.value());
    RoomSnapshot.load(http, room).requireCanSendState(me, "m.space.parent", "change the parents of "
        + room.value());
    addChild(to, room, via, false, true);
    removeChild(from, room, true);
  }

  /** The rooms directly in the space that the user may see (all pages of {@code /hierarchy} at depth 1). */
  public List<PublicRoom> children(RoomId space) {
    Objects.requireNonNull(space, "space");
    List<PublicRoom> out = new ArrayList<>();
    String from = null;
    do {
      JsonNode page = hierarchyPage(space, 1, PAGE, from);
      Directory.rooms(page.path("rooms")).stream().filter(r -> !r.roomId().equals(space)).forEach(out::add);
      String next = Directory.textOrNull(page, "next_batch");
      from = next != null && !next.equals(from) ? next : null;
    } while (from != null);
    return out;
  }

  /** One raw page of the space's hierarchy (the space first), for callers that want depth or paging control. */
  public JsonNode hierarchyPage(RoomId space, int maxDepth, int limit, String from) {
    Objects.requireNonNull(space, "space");
    Map<String, String> q = new LinkedHashMap<>();
    q.put("max_depth", Integer.toString(maxDepth));
    q.put("limit", Integer.toString(limit));
    q.put("from", from);
    // hierarchy is v1 only: it was added after the v3 prefix, and the spec never gave it a v3 path.
    okhttp3.HttpUrl.Builder url = http.url("_matrix", "client", "v1", "rooms", space.value(), "hierarchy")
        .newBuilder();
    q.forEach((k, v) -> {
      if (v != null) {
        url.addQueryParameter(k, v);
      }
    });
    return http.json("GET", url.build(), null, CallOptions.SAFE, JsonNode.class);
  }

  private static ObjectNode viaContent(List<ServerName> via) {
    ObjectNode content = Json.mapper().createObjectNode();
    ArrayNode arr = content.putArray("via");
    via.forEach(s -> arr.add(s.value()));
    return content;
  }
}

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

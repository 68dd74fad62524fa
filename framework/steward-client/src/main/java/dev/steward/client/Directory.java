package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import dev.steward.client.model.CreateRoomRequest.Visibility;
import dev.steward.client.model.Profile;
import dev.steward.client.model.PublicRoom;
import dev.steward.client.model.PublicRoomsPage;
import dev.steward.client.model.UserSearchResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The public room directory (list, search, publish) and the user directory. */
public final class Directory {
  private static final Logger log = LoggerFactory.getLogger(Directory.class);

  private final Http http;

  Directory(MatrixClient client) {
    this.http = client.http();
  }

  /** One page of the server's public rooms; pass the previous page's {@code nextBatch} as {@code since}, or null. */
  public PublicRoomsPage publicRooms(int limit, String since) {
    positive(limit);
    Map<String, String> q = new LinkedHashMap<>();
    q.put("limit", Integer.toString(limit));
    q.put("since", since);
    return page(http.json("GET", http.v3(q, "publicRooms"), null, CallOptions.SAFE, JsonNode.class));
  }

  /** One page of the public rooms whose name, topic or alias contains {@code term}; {@code since} as above. */
  public PublicRoomsPage searchPublicRooms(String term, int limit, String since) {
    Objects.requireNonNull(term, "term");
    positive(limit);
    ObjectNode body = Json.mapper().createObjectNode().put("limit", limit);
    if (since != null) {
      body.put("since", since);
    }
    body.putObject("filter").put("generic_search_term", term);
    // A search is a read, so repeating it is harmless even though it is a POST.
    return page(http.json("POST", http.v3(null, "publicRooms"), body, CallOptions.SAFE, JsonNode.class));
  }

  /** Lists the room in the public directory. */
  public void publish(RoomId room) {
    setVisibility(room, Visibility.PUBLIC);
  }

  /** Takes the room out of the public directory. */
  public void unpublish(RoomId room) {
    setVisibility(room, Visibility.PRIVATE);
  }

  /** Whether the room is listed in the public directory. */
  public Visibility visibility(RoomId room) {
    Objects.requireNonNull(room, "room");
    JsonNode r = http.json("GET", http.v3(null, "directory", "list", "room", room.value()), null, CallOptions.SAFE,
        JsonNode.class);
    return "public".equals(r.path("visibility").asText()) ? Visibility.PUBLIC : Visibility.PRIVATE;
  }

  private void setVisibility(RoomId room, Visibility visibility) {
    Objects.requireNonNull(room, "room");
    ObjectNode body = Json.mapper().createObjectNode()
        .put("visibility", visibility == Visibility.PUBLIC ? "public" : "private");
    http.json("PUT", http.v3(null, "directory", "list", "room", room.value()), body, CallOptions.SAFE, Void.class);
  }

  /** Users whose id or display name matches {@code term} (the server decides whom the user may see). */
  public UserSearchResult searchUsers(String term, int limit) {
    Objects.requireNonNull(term, "term");
    positive(limit);
    ObjectNode body = Json.mapper().createObjectNode().put("search_term", term).put("limit", limit);
    JsonNode r = http.json("POST", http.v3(null, "user_directory", "search"), body, CallOptions.SAFE,
        JsonNode.class);
    List<Profile> out = new ArrayList<>();
    r.path("results").forEach(u -> out.add(new Profile(UserId.of(u.path("user_id").asText(null)),
        textOrNull(u, "display_name"), textOrNull(u, "avatar_url"))));
    return new UserSearchResult(out, r.path("limited").asBoolean(false));
  }

  private static PublicRoomsPage page(JsonNode r) {
    List<PublicRoom> rooms = rooms(r.path("chunk"));
    JsonNode total = r.get("total_room_count_estimate");
    return new PublicRoomsPage(rooms, textOrNull(r, "next_batch"), textOrNull(r, "prev_batch"),
        total != null && total.canConvertToLong() ? total.asLong() : -1);
  }

  /** The well-formed room entries of a directory or hierarchy page; one bad entry must not hide the others. */
  static List<PublicRoom> rooms(JsonNode array) {
    List<PublicRoom> out = new ArrayList<>();
    for (JsonNode n : array) {
      try {
        out.add(PublicRoom.from(n));
      } catch (IllegalArgumentException e) {
        log.warn("skipped malformed room entry: {}", e.getMessage());
      }
    }
    return out;
  }

  static String textOrNull(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  private static void positive(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
  }
}

package dev.steward.client.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.RoomId;

/**
 * A room as the room directory or a space hierarchy describes it.
 *
 * @param roomId the room
 * @param name its name, or null
 * @param topic its topic, or null
 * @param canonicalAlias its main alias as text, or null
 * @param avatarUrl its avatar's {@code mxc://} URL, or null
 * @param numJoinedMembers how many users have joined
 * @param worldReadable whether anyone may read its history without joining
 * @param guestCanJoin whether guests may join
 * @param joinRule its join rule as text, or null when the server did not say
 * @param roomType the room type ({@code m.space} for spaces), or null for ordinary rooms
 * @param raw the whole entry as received (a hierarchy entry carries {@code children_state} here)
 */
public record PublicRoom(RoomId roomId, String name, String topic, String canonicalAlias, String avatarUrl,
                         long numJoinedMembers, boolean worldReadable, boolean guestCanJoin, String joinRule,
                         String roomType, JsonNode raw) {

  /** Reads one directory or hierarchy entry. */
  public static PublicRoom from(JsonNode n) {
    return new PublicRoom(RoomId.of(n.path("room_id").asText(null)), text(n, "name"), text(n, "topic"),
        text(n, "canonical_alias"), text(n, "avatar_url"), n.path("num_joined_members").asLong(0),
        n.path("world_readable").asBoolean(false), n.path("guest_can_join").asBoolean(false),
        text(n, "join_rule"), text(n, "room_type"), n);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }
}

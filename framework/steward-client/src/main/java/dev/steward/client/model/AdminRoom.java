package dev.steward.client.model;

import dev.steward.client.RoomId;
import java.util.Objects;

/**
 * A room as Synapse's admin room list shows it to a server admin, whether or not the admin is in it.
 *
 * @param roomId the room
 * @param name its name, or null
 * @param canonicalAlias its main alias, or null
 * @param joinedMembers how many members have joined (all servers)
 * @param joinedLocalMembers how many of them are on this server
 * @param creator the creator's user id, or null
 * @param joinRule the join rule as the server gives it (e.g. {@code invite}), or null
 * @param published whether it is in the public room directory
 * @param roomType the creation type (e.g. {@code m.space}), or null
 */
public record AdminRoom(RoomId roomId, String name, String canonicalAlias, long joinedMembers,
                        long joinedLocalMembers, String creator, String joinRule, boolean published,
                        String roomType) {
  public AdminRoom {
    Objects.requireNonNull(roomId, "roomId");
  }
}

package dev.steward.client.model;

import dev.steward.client.RoomAlias;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.List;
import java.util.Objects;

/**
 * A room at a glance, read from its current state in one call (see {@code Rooms.details}).
 *
 * @param roomId the room
 * @param displayName the name a client shows, computed as the spec's room-name algorithm does: the room's name, else
 *     its canonical alias, else its other members ("Alice and Bob", "Alice, Bob and 3 others", "Empty Room")
 * @param name the explicit {@code m.room.name}, or null when it has none
 * @param topic the topic, or null
 * @param avatarUrl the avatar's {@code mxc://} URL, or null
 * @param canonicalAlias the published main alias, or null
 * @param joinedMembers how many members have joined
 * @param invitedMembers how many invites are pending
 * @param joinRule the join rule, or null when unset or unknown to this client
 * @param historyVisibility who may read history, or null when unset or unknown
 * @param encrypted whether {@code m.room.encryption} is set (it cannot be switched off again)
 * @param roomType the creation type, e.g. {@code m.space}; null for an ordinary room
 * @param creator the user who created the room
 * @param roomVersion the room version
 * @param readOnly whether an ordinary member (at {@code users_default}) cannot send messages
 * @param federated whether users of other servers may take part: false when created with {@code m.federate: false}
 *     or when {@code m.room.server_acl} allows a single server (see {@code RoomSettings.disableFederation})
 * @param archived whether Steward archived the room ({@code dev.steward.archive})
 * @param parentSpaces the spaces the room names as parents ({@code m.space.parent} with servers to reach them)
 */
public record RoomDetails(RoomId roomId, String displayName, String name, String topic, String avatarUrl,
                          RoomAlias canonicalAlias, int joinedMembers, int invitedMembers, JoinRule joinRule,
                          HistoryVisibility historyVisibility, boolean encrypted, String roomType, UserId creator,
                          String roomVersion, boolean readOnly, boolean federated, boolean archived,
                          List<RoomId> parentSpaces) {
  public RoomDetails {
    Objects.requireNonNull(roomId, "roomId");
    Objects.requireNonNull(displayName, "displayName");
    parentSpaces = List.copyOf(parentSpaces);
  }

  /** Whether the room is a space ({@code m.space}). */
  public boolean isSpace() {
    return "m.space".equals(roomType);
  }
}

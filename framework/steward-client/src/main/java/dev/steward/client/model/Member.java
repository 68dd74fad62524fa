package dev.steward.client.model;

import dev.steward.client.UserId;

/**
 * A joined member of a room as {@code /joined_members} reports it.
 *
 * @param userId the member
 * @param displayName their display name in the room, or null
 * @param avatarUrl their avatar's {@code mxc://} URL, or null
 */
public record Member(UserId userId, String displayName, String avatarUrl) {}

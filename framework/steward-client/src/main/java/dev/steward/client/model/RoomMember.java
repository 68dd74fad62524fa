package dev.steward.client.model;

import dev.steward.client.UserId;

/**
 * A room member of any membership, as {@code /members} reports it.
 *
 * @param userId the member
 * @param membership their membership ({@code join}, {@code invite}, {@code leave}, {@code ban} or {@code knock})
 * @param displayName their display name in the room, or null
 */
public record RoomMember(UserId userId, Membership membership, String displayName) {}

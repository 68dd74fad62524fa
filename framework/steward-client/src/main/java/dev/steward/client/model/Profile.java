package dev.steward.client.model;

import dev.steward.client.UserId;

/**
 * A user's global profile.
 *
 * @param userId the user
 * @param displayName their display name, or null when unset
 * @param avatarUrl their avatar's {@code mxc://} URL, or null when unset
 */
public record Profile(UserId userId, String displayName, String avatarUrl) {}

package dev.steward.client.model;

import dev.steward.client.UserId;

/**
 * Who the access token belongs to.
 *
 * @param userId the account
 * @param deviceId the device, when the token has one
 * @param isGuest whether it is a guest account
 */
public record WhoAmI(UserId userId, String deviceId, boolean isGuest) {}

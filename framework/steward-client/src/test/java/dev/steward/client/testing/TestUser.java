package dev.steward.client.testing;

import dev.steward.client.UserId;

/**
 * An account registered on the test homeserver.
 *
 * @param userId the full user id
 * @param localpart the login name
 * @param password its password
 * @param accessToken the token from registration
 * @param deviceId the device of that token
 */
public record TestUser(UserId userId, String localpart, String password, String accessToken, String deviceId) {}

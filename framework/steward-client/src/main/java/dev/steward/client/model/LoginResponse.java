package dev.steward.client.model;

import dev.steward.client.UserId;

/**
 * The answer to a successful login. {@link #toString()} hides the access token.
 *
 * @param userId the account that logged in
 * @param accessToken the new access token (a secret: never log it)
 * @param deviceId the device the token belongs to
 */
public record LoginResponse(UserId userId, String accessToken, String deviceId) {
  @Override
  public String toString() {
    return "LoginResponse[userId=" + userId + ", deviceId=" + deviceId + ", accessToken=<hidden>]";
  }
}

package dev.steward.bot.config;

import dev.steward.client.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * How the bot logs in: its user id and exactly one of a password or an access token.
 *
 * <p>{@link #toString()} never shows the password or the token, so the record is safe to log.
 *
 * @param userId the bot's own account
 * @param password password for {@code m.login.password}; empty counts as unset
 * @param accessToken an existing access token, used instead of logging in; empty counts as unset
 * @param deviceId device to log in as, so the homeserver keeps one device across restarts
 * @param deviceName display name of a newly created device
 */
public record AuthConfig(
    UserId userId,
    Optional<String> password,
    Optional<String> accessToken,
    Optional<String> deviceId,
    @ConfigDefault("Steward") String deviceName) {

  /** Requires exactly one credential and a non-blank device name. */
  public AuthConfig {
    Objects.requireNonNull(userId, "userId");
    // An unset variable with an empty default (${PW:-}) must read as "no password", not as a password of "".
    password = Objects.requireNonNull(password, "password").filter(s -> !s.isEmpty());
    accessToken = Objects.requireNonNull(accessToken, "accessToken").filter(s -> !s.isEmpty());
    deviceId = Objects.requireNonNull(deviceId, "deviceId").filter(s -> !s.isBlank());
    Objects.requireNonNull(deviceName, "deviceName");
    Problems problems = new Problems();
    if (password.isPresent() && accessToken.isPresent()) {
      problems.add("", "set only one of 'password' and 'access_token', not both");
    } else if (password.isEmpty() && accessToken.isEmpty()) {
      problems.add("", "set one of 'password' or 'access_token'");
    }
    if (deviceName.isBlank()) {
      problems.add("device_name", "must not be blank");
    }
    problems.throwIfAny();
  }

  @Override
  public String toString() {
    return "AuthConfig[userId=" + userId + ", password=" + hidden(password) + ", accessToken=" + hidden(accessToken)
        + ", deviceId=" + deviceId.orElse("<unset>") + ", deviceName=" + deviceName + "]";
  }

  private static String hidden(Optional<String> secret) {
    return secret.isPresent() ? "<hidden>" : "<unset>";
  }
}

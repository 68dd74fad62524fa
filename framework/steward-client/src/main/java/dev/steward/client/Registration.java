package dev.steward.client;

import java.util.Objects;

/**
 * What to register: a username and password, the new device's id and name, a registration token for servers that
 * require one, and whether to stay logged out afterwards. Build with {@link #builder()}.
 */
public final class Registration {
  private final String username;
  private final String password;
  private final String deviceId;
  private final String deviceName;
  private final String registrationToken;
  private final boolean inhibitLogin;

  private Registration(Builder b) {
    this.username = b.username;
    this.password = b.password;
    this.deviceId = b.deviceId;
    this.deviceName = b.deviceName;
    this.registrationToken = b.registrationToken;
    this.inhibitLogin = b.inhibitLogin;
  }

  /** Starts a registration. */
  public static Builder builder() {
    return new Builder();
  }

  /** The wanted localpart, or null to let the server choose one. */
  public String username() {
    return username;
  }

  /** The password (a secret: never logged), or null for an account without one. */
  String password() {
    return password;
  }

  /** The device id to use, or null for a new one. */
  public String deviceId() {
    return deviceId;
  }

  /** The new device's display name, or null. */
  public String deviceName() {
    return deviceName;
  }

  /** The token for {@code m.login.registration_token}, or null (a secret: never logged). */
  String registrationToken() {
    return registrationToken;
  }

  /** Whether the account is created without logging in to it. */
  public boolean inhibitLogin() {
    return inhibitLogin;
  }

  @Override
  public String toString() {
    return "Registration[username=" + username + ", deviceId=" + deviceId + ", deviceName=" + deviceName
        + ", token=" + (registrationToken == null ? "none" : "<hidden>") + ", inhibitLogin=" + inhibitLogin + "]";
  }

  /** Builds a {@link Registration}. */
  public static final class Builder {
    private String username;
    private String password;
    private String deviceId;
    private String deviceName;
    private String registrationToken;
    private boolean inhibitLogin;

    private Builder() {}

    /** The wanted localpart (e.g. {@code alice}); check it first with {@link Accounts#usernameAvailable}. */
    public Builder username(String username) {
      this.username = Objects.requireNonNull(username, "username");
      return this;
    }

    /** The account's password. */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Reuses a device id instead of letting the server make one. */
    public Builder deviceId(String deviceId) {
      this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
      return this;
    }

    /** The new device's display name. */
    public Builder deviceName(String deviceName) {
      this.deviceName = Objects.requireNonNull(deviceName, "deviceName");
      return this;
    }

    /** A registration token, for servers whose registration asks for {@code m.login.registration_token}. */
    public Builder registrationToken(String token) {
      this.registrationToken = Objects.requireNonNull(token, "token");
      return this;
    }

    /** Creates the account without logging in to it (no access token comes back). */
    public Builder inhibitLogin(boolean inhibit) {
      this.inhibitLogin = inhibit;
      return this;
    }

    /** Builds the registration. */
    public Registration build() {
      return new Registration(this);
    }
  }
}

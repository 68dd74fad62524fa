package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.internal.Json;
import dev.steward.client.model.Profile;
import java.util.Objects;
import java.util.Optional;

/** Global profiles: the user's own display name and avatar, and other users' profiles. */
public final class Profiles {
  private final MatrixClient client;
  private final Http http;

  Profiles(MatrixClient client) {
    this.client = client;
    this.http = client.http();
  }

  /**
   * A user's display name and avatar. An unknown user is a {@link MatrixException} with HTTP status 404: the spec's
   * errcode is {@code M_NOT_FOUND}, Synapse answers {@code M_UNKNOWN} ("No row found"), so test the status, or use
   * {@link #find}.
   */
  public Profile get(UserId user) {
    Objects.requireNonNull(user, "user");
    JsonNode r = http.json("GET", http.v3(null, "profile", user.value()), null, CallOptions.SAFE, JsonNode.class);
    return new Profile(user, Directory.textOrNull(r, "displayname"), Directory.textOrNull(r, "avatar_url"));
  }

  /** A user's profile, or empty when the server has none (a 404, whatever its errcode). */
  public Optional<Profile> find(UserId user) {
    try {
      return Optional.of(get(user));
    } catch (MatrixException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The logged-in user's own profile. */
  public Profile mine() {
    return get(client.userId());
  }

  /** Sets the logged-in user's display name (Synapse also updates it in every joined room). */
  public void setDisplayName(String displayName) {
    Objects.requireNonNull(displayName, "displayName");
    http.json("PUT", http.v3(null, "profile", client.userId().value(), "displayname"),
        Json.mapper().createObjectNode().put("displayname", displayName), CallOptions.SAFE, Void.class);
  }

  /** Sets the logged-in user's avatar to an {@code mxc://} URL. */
  public void setAvatarUrl(String mxcUrl) {
    Objects.requireNonNull(mxcUrl, "mxcUrl");
    if (!mxcUrl.startsWith("mxc://")) {
      throw new IllegalArgumentException("avatar must be an mxc:// URL, got '" + mxcUrl + "'");
    }
    http.json("PUT", http.v3(null, "profile", client.userId().value(), "avatar_url"),
        Json.mapper().createObjectNode().put("avatar_url", mxcUrl), CallOptions.SAFE, Void.class);
  }
}

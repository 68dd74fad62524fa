package dev.steward.client.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the homeserver lets this account do ({@code GET /capabilities}), with helpers for the common entries.
 *
 * @param capabilities the raw {@code capabilities} object
 */
public record Capabilities(JsonNode capabilities) {

  /** The room version new rooms get by default. */
  public String defaultRoomVersion() {
    return capabilities.path("m.room_versions").path("default").asText(null);
  }

  /** Room versions the server supports, stable or not. */
  public List<String> availableRoomVersions() {
    List<String> out = new ArrayList<>();
    capabilities.path("m.room_versions").path("available").fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** Whether the account may change its password (enabled unless the server says otherwise). */
  public boolean canChangePassword() {
    return enabled("m.change_password");
  }

  /** Whether the account may change its display name. */
  public boolean canSetDisplayName() {
    return enabled("m.set_displayname");
  }

  /** Whether the account may change its avatar. */
  public boolean canSetAvatarUrl() {
    return enabled("m.set_avatar_url");
  }

  private boolean enabled(String key) {
    return capabilities.path(key).path("enabled").asBoolean(true);
  }
}

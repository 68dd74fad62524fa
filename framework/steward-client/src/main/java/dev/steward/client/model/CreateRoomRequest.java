package dev.steward.client.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.UserId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every option of {@code POST /createRoom}. Build with {@link #builder()}, or start from {@link #privateGroup} or
 * {@link #publicRoom}. Options left unset are not sent, so the server's defaults apply.
 *
 * @param name the room name ({@code m.room.name})
 * @param topic the topic ({@code m.room.topic})
 * @param preset a bundle of join rules, history visibility and power levels
 * @param visibility whether the room is listed in the public directory
 * @param roomAliasName the local part of a canonical alias to create, e.g. {@code lobby} for {@code #lobby:server}
 * @param invite users to invite
 * @param initialState extra state events to set at creation
 * @param creationContent extra {@code m.room.create} content, e.g. {@code m.federate: false} or {@code type: m.space}
 * @param powerLevelContentOverride fields that override the preset's {@code m.room.power_levels}
 * @param isDirect whether the invitees should see this as a direct chat
 * @param roomVersion the room version; the server's default when null
 * @param invite3pid people to invite by e-mail address (or phone) through an identity server; null when none
 */
public record CreateRoomRequest(String name, String topic, Preset preset, Visibility visibility, String roomAliasName,
                                List<UserId> invite, List<InitialState> initialState,
                                Map<String, Object> creationContent, JsonNode powerLevelContentOverride,
                                Boolean isDirect, String roomVersion,
                                @JsonProperty("invite_3pid") List<ThirdPartyInvite> invite3pid) {

  /**
   * An invitation by third-party identifier: the identity server looks the address up, or mails an invitation.
   *
   * @param idServer the identity server's host name, e.g. {@code vector.im}
   * @param idAccessToken this account's access token on that identity server
   * @param medium {@code email} or {@code msisdn}
   * @param address the address to invite
   */
  public record ThirdPartyInvite(String idServer, String idAccessToken, String medium, String address) {
    public ThirdPartyInvite {
      Objects.requireNonNull(idServer, "idServer");
      Objects.requireNonNull(idAccessToken, "idAccessToken");
      Objects.requireNonNull(medium, "medium");
      Objects.requireNonNull(address, "address");
    }
  }

  /** The createRoom presets. */
  public enum Preset {
    PRIVATE_CHAT, TRUSTED_PRIVATE_CHAT, PUBLIC_CHAT;

    @JsonValue
    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Directory visibility. */
  public enum Visibility {
    PUBLIC, PRIVATE;

    @JsonValue
    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A state event to set when the room is created.
   *
   * @param type the event type
   * @param stateKey the state key (empty for most room settings)
   * @param content the content
   */
  public record InitialState(String type, String stateKey, Object content) {
    public InitialState {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(stateKey, "stateKey");
      Objects.requireNonNull(content, "content");
    }
  }

  public CreateRoomRequest {
    invite = invite == null || invite.isEmpty() ? null : List.copyOf(invite);
    initialState = initialState == null || initialState.isEmpty() ? null : List.copyOf(initialState);
    creationContent = creationContent == null || creationContent.isEmpty() ? null : Map.copyOf(creationContent);
  }

  /** A new builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** An invite-only group: private_chat preset, not in the directory. */
  public static Builder privateGroup(String name, UserId... invitees) {
    return builder().name(name).preset(Preset.PRIVATE_CHAT).visibility(Visibility.PRIVATE).invite(invitees);
  }

  /**
   * A read-only invite-only group: as {@link #privateGroup}, and only moderators (level 50) may post
   * ({@code events_default} 50); the creator can still promote members to let them speak.
   */
  public static Builder readOnlyPrivateGroup(String name, UserId... invitees) {
    return privateGroup(name, invitees).readOnly();
  }

  /**
   * An incognito room: invite-only, never in the directory, no alias, and history visible to joined members only
   * (a member does not see what was said before they joined). {@link Builder#build()} refuses an alias or public
   * visibility added to it.
   */
  public static Builder incognito(String name, UserId... invitees) {
    return privateGroup(name, invitees).incognito();
  }

  /** A room anyone can join, listed in the directory under {@code #aliasLocalpart:server}. */
  public static Builder publicRoom(String name, String aliasLocalpart) {
    return builder().name(name).preset(Preset.PUBLIC_CHAT).visibility(Visibility.PUBLIC).roomAliasName(aliasLocalpart);
  }

  /** Builds a {@link CreateRoomRequest}. */
  public static final class Builder {
    private String name;
    private String topic;
    private Preset preset;
    private Visibility visibility;
    private String roomAliasName;
    private final List<UserId> invite = new ArrayList<>();
    private final List<InitialState> initialState = new ArrayList<>();
    private final Map<String, Object> creationContent = new LinkedHashMap<>();
    private JsonNode powerLevelContentOverride;
    private Boolean isDirect;
    private String roomVersion;
    private final List<ThirdPartyInvite> invite3pid = new ArrayList<>();
    private boolean incognito;

    private Builder() {}

    /**
     * Turns on end-to-end encryption ({@code m.room.encryption}, Megolm) from the start. Encryption cannot be turned
     * off again, and a bot without an encryption library cannot read or send in such a room.
     */
    public Builder encrypted() {
      return initialState("m.room.encryption", "", Map.of("algorithm", "m.megolm.v1.aes-sha2"));
    }

    /** Only moderators (level 50) may post: {@code events_default} 50 in the initial power levels. */
    public Builder readOnly() {
      if (powerLevelContentOverride != null && !(powerLevelContentOverride instanceof ObjectNode)) {
        throw new IllegalStateException("powerLevelContentOverride must be a JSON object to add events_default");
      }
      ObjectNode override = powerLevelContentOverride == null ? JsonNodeFactory.instance.objectNode()
          : ((ObjectNode) powerLevelContentOverride).deepCopy();
      override.put("events_default", 50);
      this.powerLevelContentOverride = override;
      return this;
    }

    /** Incognito: not in the directory, no alias, history visible to joined members only (see {@link #incognito}). */
    public Builder incognito() {
      this.incognito = true;
      this.visibility = Visibility.PRIVATE;
      if (preset == null) {
        preset = Preset.PRIVATE_CHAT;
      }
      return initialState("m.room.history_visibility", "", Map.of("history_visibility", "joined"));
    }

    /**
     * With {@code false}, users of other servers can never take part ({@code m.federate: false}, fixed at
     * creation; to close an existing room to other servers use {@code RoomSettings.disableFederation}).
     */
    public Builder federated(boolean federated) {
      return creationContent("m.federate", federated);
    }

    /** Sets the room name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Sets the topic. */
    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    /** Sets the preset. */
    public Builder preset(Preset preset) {
      this.preset = preset;
      return this;
    }

    /** Sets the directory visibility. */
    public Builder visibility(Visibility visibility) {
      this.visibility = visibility;
      return this;
    }

    /** Creates {@code #localpart:server} pointing at the room. */
    public Builder roomAliasName(String localpart) {
      this.roomAliasName = localpart;
      return this;
    }

    /** Adds users to invite. */
    public Builder invite(UserId... users) {
      for (UserId u : users) {
        invite.add(Objects.requireNonNull(u, "invitee"));
      }
      return this;
    }

    /** Invites someone by e-mail address or phone number through an identity server ({@code invite_3pid}). */
    public Builder invite3pid(ThirdPartyInvite invitation) {
      invite3pid.add(Objects.requireNonNull(invitation, "invitation"));
      return this;
    }

    /** Adds a state event to set at creation. */
    public Builder initialState(String type, String stateKey, Object content) {
      initialState.add(new InitialState(type, stateKey, content));
      return this;
    }

    /** Adds a key to the {@code m.room.create} content, e.g. {@code ("m.federate", false)}. */
    public Builder creationContent(String key, Object value) {
      creationContent.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    /** Overrides fields of the initial power levels. */
    public Builder powerLevelContentOverride(JsonNode override) {
      this.powerLevelContentOverride = override;
      return this;
    }

    /** Marks the room as a direct chat for the invitees. */
    public Builder direct(boolean direct) {
      this.isDirect = direct;
      return this;
    }

    /** Asks for a specific room version. */
    public Builder roomVersion(String version) {
      this.roomVersion = version;
      return this;
    }

    /** Builds the request; an incognito room with an alias or public visibility is refused. */
    public CreateRoomRequest build() {
      if (incognito && (roomAliasName != null || visibility == Visibility.PUBLIC || preset == Preset.PUBLIC_CHAT)) {
        throw new IllegalStateException("an incognito room has no alias and is never published or public");
      }
      return new CreateRoomRequest(name, topic, preset, visibility, roomAliasName, invite, initialState,
          creationContent, powerLevelContentOverride, isDirect, roomVersion,
          invite3pid.isEmpty() ? null : List.copyOf(invite3pid));
    }
  }
}

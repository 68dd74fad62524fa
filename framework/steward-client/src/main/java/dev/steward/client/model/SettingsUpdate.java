package dev.steward.client.model;

/**
 * Several room settings to save at once; a null field is left as it is. Build with {@link #builder()}.
 *
 * @param name the new room name, or null
 * @param topic the new topic, or null
 * @param avatarUrl the new avatar's {@code mxc://} URL, or null
 * @param joinRule the new join rule (not restricted ones, which need allowed rooms), or null
 * @param historyVisibility the new history visibility, or null
 * @param guestAccess whether guests may join, or null
 * @param readOnly whether only moderators may post (see {@code RoomSettings.setReadOnly}), or null
 * @param encrypted {@code true} to turn end-to-end encryption on, or null; it cannot be turned off, so
 *     {@code false} is refused
 */
public record SettingsUpdate(String name, String topic, String avatarUrl, JoinRule joinRule,
                             HistoryVisibility historyVisibility, Boolean guestAccess, Boolean readOnly,
                             Boolean encrypted) {

  public SettingsUpdate {
    if (Boolean.FALSE.equals(encrypted)) {
      throw new IllegalArgumentException("encryption cannot be turned off once on: leave encrypted null");
    }
  }

  /** An update of the first six settings, as before read-only and encryption were added. */
  public SettingsUpdate(String name, String topic, String avatarUrl, JoinRule joinRule,
                        HistoryVisibility historyVisibility, Boolean guestAccess) {
    this(name, topic, avatarUrl, joinRule, historyVisibility, guestAccess, null, null);
  }

  /** Starts an update that changes nothing. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SettingsUpdate}. */
  public static final class Builder {
    private String name;
    private String topic;
    private String avatarUrl;
    private JoinRule joinRule;
    private HistoryVisibility historyVisibility;
    private Boolean guestAccess;
    private Boolean readOnly;
    private Boolean encrypted;

    private Builder() {}

    /** Makes the room read-only (only moderators post) or open again. */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /** Turns end-to-end encryption on (it cannot be turned off). */
    public Builder encrypt() {
      this.encrypted = true;
      return this;
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

    /** Sets the avatar ({@code mxc://} URL). */
    public Builder avatarUrl(String avatarUrl) {
      this.avatarUrl = avatarUrl;
      return this;
    }

    /** Sets the join rule. */
    public Builder joinRule(JoinRule joinRule) {
      this.joinRule = joinRule;
      return this;
    }

    /** Sets the history visibility. */
    public Builder historyVisibility(HistoryVisibility historyVisibility) {
      this.historyVisibility = historyVisibility;
      return this;
    }

    /** Sets whether guests may join. */
    public Builder guestAccess(boolean guestAccess) {
      this.guestAccess = guestAccess;
      return this;
    }

    /** Builds the update. */
    public SettingsUpdate build() {
      return new SettingsUpdate(name, topic, avatarUrl, joinRule, historyVisibility, guestAccess, readOnly,
          encrypted);
    }
  }
}

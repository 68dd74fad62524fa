package dev.steward.client;

import java.util.Optional;

/**
 * The homeserver holds a master cross-signing key for the account that is not the one in this device's store:
 * someone (another client, an earlier store) set up cross-signing, and {@link CrossSigning#bootstrap} will not
 * replace it unless asked to ({@code replace = true}), since that makes every user who verified the account see it
 * as changed.
 */
public final class CrossSigningConflictException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String serverMasterKey;
  private final String storedMasterKey;

  CrossSigningConflictException(UserId user, String serverMasterKey, String storedMasterKey) {
    super("the homeserver has master cross-signing key " + serverMasterKey + " for " + user + ", "
        + (storedMasterKey == null ? "and the crypto store holds none: another client set up cross-signing"
            : "but the crypto store holds " + storedMasterKey)
        + "; not replaced (bootstrap with replace=true to publish new keys)");
    this.serverMasterKey = serverMasterKey;
    this.storedMasterKey = storedMasterKey;
  }

  /** The master key the homeserver has, unpadded base64. */
  public String serverMasterKey() {
    return serverMasterKey;
  }

  /** The master key the store holds, if any. */
  public Optional<String> storedMasterKey() {
    return Optional.ofNullable(storedMasterKey);
  }
}

package dev.steward.examples.webhook;

import dev.steward.bot.config.ConfigDefault;
import java.util.Objects;

/**
 * The {@code bots.webhook} section: where the endpoint listens and the secret callers must present.
 *
 * @param port the TCP port on 127.0.0.1; 0 picks a free one
 * @param token the shared secret, sent as {@code Authorization: Bearer <token>}; at least 16 characters
 */
public record WebhookSettings(@ConfigDefault("8765") int port, String token) {
  /** Refuses a port out of range and a missing or guessable token. */
  public WebhookSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    if (Objects.requireNonNullElse(token, "").length() < 16) {
      throw new IllegalArgumentException("token must be a secret of at least 16 characters");
    }
  }

  /** Hides the token. */
  @Override
  public String toString() {
    return "WebhookSettings[port=" + port + ", token=<hidden>]";
  }
}

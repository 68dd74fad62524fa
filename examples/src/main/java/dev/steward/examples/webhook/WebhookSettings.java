package dev.steward.examples.webhook;

import dev.steward.bot.config.ConfigDefault;
import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code bots.webhook} section: where the endpoint listens and the secret callers must present.
 *
 * @param port the TCP port on 127.0.0.1; 0 picks a free one
 * @param token the shared secret, sent as {@code Authorization: Bearer <token>}; at least 16 characters
 */
public record WebhookSettings(@ConfigDefault("8765") int port, String token) {
  /** Refuses a port out of range and a missing or guessable token, naming each key. */
  public WebhookSettings {
    // Paths relative to the section: the runtime reports them as bots.webhook.port and bots.webhook.token.
    List<ConfigProblem> problems = new ArrayList<>();
    if (port < 0 || port > 65535) {
      problems.add(new ConfigProblem("port", "must be 0 to 65535, found " + port));
    }
    if (Objects.requireNonNullElse(token, "").length() < 16) {
      problems.add(new ConfigProblem("token", "must be a secret of at least 16 characters"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** Hides the token. */
  @Override
  public String toString() {
    return "WebhookSettings[port=" + port + ", token=<hidden>]";
  }
}

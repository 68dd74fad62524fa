package dev.steward.bots.welcome;

import dev.steward.bot.config.ConfigDefault;
import dev.steward.bot.config.ConfigException;
import dev.steward.client.RoomId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code bots.welcome} section: the greeting, where to greet, and how old a join may be to still be greeted.
 *
 * @param message the greeting template, see {@link WelcomeTemplate} for its placeholders
 * @param rooms the rooms to greet in; empty means every room the bot is in
 * @param maxAge joins older than this when the bot sees them (after downtime, or a replay) are not greeted
 */
public record WelcomeSettings(@ConfigDefault("Welcome {user} to {room}!") String message, List<RoomId> rooms,
                              @ConfigDefault("10m") Duration maxAge) {
  /** Checks the template's placeholders and that {@code max_age} is positive. */
  public WelcomeSettings {
    Objects.requireNonNull(message, "message");
    try {
      WelcomeTemplate.parse(message);
    } catch (IllegalArgumentException e) {
      // A ConfigException's path is relative to this section, so the error names bots.welcome.message.
      throw new ConfigException("message", e.getMessage());
    }
    rooms = List.copyOf(rooms);
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new ConfigException("max_age", "must be longer than zero, not " + maxAge);
    }
  }

  /** The parsed template. */
  public WelcomeTemplate template() {
    return WelcomeTemplate.parse(message);
  }
}

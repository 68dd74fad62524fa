package dev.steward.bots.welcome;

import dev.steward.bot.config.ConfigDefault;
import dev.steward.bot.config.ConfigException;
import dev.steward.client.RoomId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code bots.welcome} section: the greeting, where to greet, how old a join may be to still be greeted, and
 * when a returning member is greeted again.
 *
 * @param message the greeting template, see {@link WelcomeTemplate} for its placeholders
 * @param rooms the rooms to greet in; empty means every room the bot is in
 * @param maxAge joins older than this when the bot sees them (after downtime, or a replay) are not greeted
 * @param regreetAfter a member who left and comes back within this is not greeted again; {@code 0s} greets on every
 *     return
 */
public record WelcomeSettings(@ConfigDefault("Welcome {user} to {room}!") String message, List<RoomId> rooms,
                              @ConfigDefault("10m") Duration maxAge, @ConfigDefault("30d") Duration regreetAfter) {
  /** Checks the template's placeholders, that {@code max_age} is positive and {@code regreet_after} not negative. */
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
    if (regreetAfter.isNegative()) {
      throw new ConfigException("regreet_after", "must not be negative, not " + regreetAfter);
    }
  }

  /** The parsed template. */
  public WelcomeTemplate template() {
    return WelcomeTemplate.parse(message);
  }
}

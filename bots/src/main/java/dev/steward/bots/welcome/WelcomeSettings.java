package dev.steward.bots.welcome;

import dev.steward.bot.config.ConfigDefault;
import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigProblem;
import dev.steward.client.RoomId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code bots.welcome} section: the greeting (one for all rooms, others per room or per space, plain or
 * Markdown), where to greet (the room or a direct message), how old a join may be to still be greeted, when a
 * returning member is greeted again, and the rooms whose newcomers must first agree to the rules.
 *
 * @param message the greeting template, see {@link WelcomeTemplate} for its placeholders
 * @param format how templates are read: {@code plain} text or {@code markdown}
 * @param roomMessages templates for single rooms, by room id, instead of {@code message}
 * @param spaceMessages templates for the rooms of a space, by the space's room id, instead of {@code message}; a
 *     room's own template in {@code room_messages} wins over its space's
 * @param rooms the rooms to greet in; empty means every room the bot is in
 * @param directMessage true: greet in a direct chat with the newcomer instead of in the room
 * @param maxAge joins older than this when the bot sees them (after downtime, or a replay) are not greeted
 * @param regreetAfter a member who left and comes back within this is not greeted again; {@code 0s} greets on every
 *     return
 * @param challengeRooms rooms whose newcomers are muted until they agree to the rules (see {@link RulesChallenge})
 * @param challengeMessage the rules message posted for each challenged newcomer, a template like {@code message}
 * @param challengeTimeout how long after joining a challenged member has to agree before they are kicked
 * @param challengeKickReason the reason given with that kick
 */
public record WelcomeSettings(@ConfigDefault("Welcome {user} to {room}!") String message,
                              @ConfigDefault("plain") WelcomeTemplate.Format format,
                              Map<String, String> roomMessages, Map<String, String> spaceMessages,
                              List<RoomId> rooms,
                              @ConfigDefault("false") boolean directMessage,
                              @ConfigDefault("10m") Duration maxAge, @ConfigDefault("30d") Duration regreetAfter,
                              List<RoomId> challengeRooms,
                              @ConfigDefault(DEFAULT_CHALLENGE) String challengeMessage,
                              @ConfigDefault("1h") Duration challengeTimeout,
                              @ConfigDefault("Did not agree to the room's rules in time") String challengeKickReason) {
  /** The rules message unless {@code challenge_message} says otherwise. */
  public static final String DEFAULT_CHALLENGE = "{mention}, please read this room's rules, then react \u2705 to this "
      + "message to be able to post (or send me !agree in a direct chat).";

  /**
   * Checks every template's placeholders and every room id in {@code room_messages} (and that the room is one the
   * bot greets in), that {@code max_age} is positive and {@code regreet_after} not negative.
   */
  public WelcomeSettings {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(format, "format");
    rooms = List.copyOf(rooms);
    roomMessages = Map.copyOf(roomMessages);
    spaceMessages = Map.copyOf(spaceMessages);
    // A ConfigException's paths are relative to this section, so the errors name bots.welcome.<key>.
    List<ConfigProblem> problems = new ArrayList<>();
    check(message, format, "message", problems);
    for (Map.Entry<String, String> e : new TreeMap<>(roomMessages).entrySet()) {
      String key = "room_messages." + e.getKey();
      try {
        RoomId room = RoomId.of(e.getKey());
        if (!rooms.isEmpty() && !rooms.contains(room)) {
          problems.add(new ConfigProblem(key, "the room is not in 'rooms', so the bot never greets there"));
        }
      } catch (IllegalArgumentException bad) {
        problems.add(new ConfigProblem(key, "not a room id: " + bad.getMessage()));
      }
      check(e.getValue(), format, key, problems);
    }
    for (Map.Entry<String, String> e : new TreeMap<>(spaceMessages).entrySet()) {
      String key = "space_messages." + e.getKey();
      try {
        RoomId.of(e.getKey());
      } catch (IllegalArgumentException bad) {
        problems.add(new ConfigProblem(key, "not a space's room id: " + bad.getMessage()));
      }
      check(e.getValue(), format, key, problems);
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      problems.add(new ConfigProblem("max_age", "must be longer than zero, not " + maxAge));
    }
    if (regreetAfter.isNegative()) {
      problems.add(new ConfigProblem("regreet_after", "must not be negative, not " + regreetAfter));
    }
    challengeRooms = List.copyOf(challengeRooms);
    Objects.requireNonNull(challengeMessage, "challengeMessage");
    check(challengeMessage, format, "challenge_message", problems);
    if (challengeTimeout.isNegative() || challengeTimeout.isZero()) {
      problems.add(new ConfigProblem("challenge_timeout", "must be longer than zero, not " + challengeTimeout));
    }
    if (challengeKickReason.isBlank()) {
      problems.add(new ConfigProblem("challenge_kick_reason", "must not be empty: the kicked member reads it"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** The parsed rules message. */
  public WelcomeTemplate challengeTemplate() {
    return WelcomeTemplate.parse(challengeMessage, format);
  }

  /** The parsed default template. */
  public WelcomeTemplate template() {
    return WelcomeTemplate.parse(message, format);
  }

  /** Every room's own template, parsed. */
  public Map<RoomId, WelcomeTemplate> roomTemplates() {
    Map<RoomId, WelcomeTemplate> out = new LinkedHashMap<>();
    roomMessages.forEach((room, template) -> out.put(RoomId.of(room), WelcomeTemplate.parse(template, format)));
    return Map.copyOf(out);
  }

  /** Every space's template, parsed, in the order of the space ids. */
  public Map<RoomId, WelcomeTemplate> spaceTemplates() {
    Map<RoomId, WelcomeTemplate> out = new LinkedHashMap<>();
    new TreeMap<>(spaceMessages).forEach((space, t) -> out.put(RoomId.of(space), WelcomeTemplate.parse(t, format)));
    return Collections.unmodifiableMap(out);
  }

  private static void check(String template, WelcomeTemplate.Format format, String key, List<ConfigProblem> out) {
    try {
      WelcomeTemplate.parse(template, format);
    } catch (IllegalArgumentException e) {
      out.add(new ConfigProblem(key, e.getMessage()));
    }
  }
}

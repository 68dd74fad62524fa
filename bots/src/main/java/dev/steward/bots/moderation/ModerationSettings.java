package dev.steward.bots.moderation;

import dev.steward.bot.config.ConfigDefault;
import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigProblem;
import dev.steward.bots.moderation.protection.ProtectionSettings;
import dev.steward.client.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code bots.moderation} section: where moderators talk to the bot, which rooms it protects, who may command
 * it, which ban lists it follows and publishes to, and what a warning limit does.
 *
 * @param managementRoom the room (id or alias) where moderators give commands and every action is reported
 * @param protectedRooms rooms (ids or aliases) the bot protects from the start; {@code !rooms add} adds more
 * @param moderators users who may command the bot wherever they are, whatever their power level; the bot never acts
 *     against them
 * @param moderatorLevel the power level that makes a moderator: in the management room for every protected room,
 *     in a protected room for that room
 * @param policyLists ban-list rooms (ids or aliases) whose {@code m.policy.rule.*} rules apply to the protected rooms
 * @param publishLists our own ban lists by short code, e.g. {@code spam: "#our-bans:example.org"}, for
 *     {@code !ban <user> --list spam}
 * @param warnLimit warnings after which {@code warn_action} applies; 0 never acts
 * @param warnAction what reaching {@code warn_limit} does: {@code kick}, {@code mute} or {@code ban}
 * @param parallelRooms how many rooms a mass action works on at once (the homeserver's rate limit still holds)
 * @param listScopes ban lists limited to some protected rooms: list room → the protected rooms (ids or aliases) where
 *     its rules apply; a list not named here applies in every protected room
 * @param protections the protections (flooding, word list, mention spam, join waves, newcomers' links and media),
 *     each off unless turned on
 * @param serverAcl keep {@code m.room.server_acl} in the protected rooms in step with the lists' server ban rules
 * @param nativeBans what the bot does with bans moderators make with their own clients in a protected room
 * @param warnNotice how {@code !warn} tells the warned user
 * @param abuseReports forwarding the reports users file with their clients (needs a Synapse server admin)
 */
public record ModerationSettings(String managementRoom, List<String> protectedRooms, List<UserId> moderators,
                                 @ConfigDefault("50") int moderatorLevel, List<String> policyLists,
                                 Map<String, String> publishLists, @ConfigDefault("3") int warnLimit,
                                 @ConfigDefault("kick") WarnAction warnAction,
                                 @ConfigDefault("8") int parallelRooms, Map<String, List<String>> listScopes,
                                 ProtectionSettings protections, @ConfigDefault("false") boolean serverAcl,
                                 NativeBans nativeBans, @ConfigDefault("rooms") WarnNotice warnNotice,
                                 AbuseReports abuseReports
) {
  /** The optional parts that are on, e.g. {@code ", server ACL, abuse reports on"}, or empty: for start-up. */
  public String optionalPartsOn() {
    List<String> on = new ArrayList<>();
    if (serverAcl) {
      on.add("server ACL");
    }
    if (nativeBans.propagate()) {
      on.add("native bans");
    }
    if (nativeBans.unbans()) {
      on.add("native unbans");
    }
    if (abuseReports.enabled()) {
      on.add("abuse reports");
    }
    return on.isEmpty() ? "" : ", " + String.join(", ", on) + " on";
  }

  /** What reaching the warning limit does. */
  public enum WarnAction { KICK, MUTE, BAN }

  /**
   * How {@code !warn} tells the warned user: {@code rooms}, a notice mentioning them in the protected rooms in the
   * command's scope where they are a member; {@code none}, only the count and the management room.
   */
  public enum WarnNotice { ROOMS, NONE }

  /**
   * {@code native_bans}: bans and unbans a moderator of every protected room makes with their own client.
   *
   * @param propagate apply such a ban to the other protected rooms
   * @param unbans apply such an unban to the other protected rooms (and withdraw the published rule)
   * @param publish a {@code publish_lists} short code to add the banned user to, or empty
   */
  public record NativeBans(boolean propagate, boolean unbans, String publish) {
    /** Empty publish means none. */
    public NativeBans {
      publish = publish == null ? "" : publish.strip();
    }

    /** Off. */
    public static NativeBans defaults() {
      return new NativeBans(false, false, "");
    }
  }

  /**
   * {@code abuse_reports}: event reports polled from Synapse's admin API and forwarded to the management room.
   *
   * @param enabled whether to poll
   * @param pollEvery how often
   */
  public record AbuseReports(boolean enabled, java.time.Duration pollEvery) {
    /** Checks the interval. */
    public AbuseReports {
      Objects.requireNonNull(pollEvery, "pollEvery");
      if (pollEvery.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
        throw new ConfigException(List.of(new ConfigProblem("poll_every", "must be at least 1s, not " + pollEvery)));
      }
    }

    /** Off; every 30 seconds when on. */
    public static AbuseReports defaults() {
      return new AbuseReports(false, java.time.Duration.ofSeconds(30));
    }
  }

  /** Checks room references, levels and short codes, naming each bad key. */
  public ModerationSettings {
    protectedRooms = List.copyOf(protectedRooms);
    moderators = List.copyOf(moderators);
    policyLists = List.copyOf(policyLists);
    publishLists = Map.copyOf(publishLists);
    Map<String, List<String>> scopes = new TreeMap<>();
    listScopes.forEach((list, rooms) -> scopes.put(list, rooms == null ? List.of() : List.copyOf(rooms)));
    listScopes = java.util.Collections.unmodifiableMap(scopes);
    Objects.requireNonNull(warnAction, "warnAction");
    List<ConfigProblem> problems = new ArrayList<>();
    RoomRefs.check(managementRoom, "management_room", problems);
    for (int i = 0; i < protectedRooms.size(); i++) {
      RoomRefs.check(protectedRooms.get(i), "protected_rooms[" + i + "]", problems);
    }
    for (int i = 0; i < policyLists.size(); i++) {
      RoomRefs.check(policyLists.get(i), "policy_lists[" + i + "]", problems);
    }
    new TreeMap<>(publishLists).forEach((code, room) -> {
      if (!code.matches("[A-Za-z0-9_.-]+")) {
        problems.add(new ConfigProblem("publish_lists." + code, "a short code is letters, digits, '_', '.', '-'"));
      }
      RoomRefs.check(room, "publish_lists." + code, problems);
    });
    listScopes.forEach((list, rooms) -> {
      RoomRefs.check(list, "list_scopes." + list, problems);
      if (rooms.isEmpty()) {
        problems.add(new ConfigProblem("list_scopes." + list, "name at least one protected room, or leave the list "
            + "out to apply it everywhere"));
      }
      for (int i = 0; i < rooms.size(); i++) {
        RoomRefs.check(rooms.get(i), "list_scopes." + list + "[" + i + "]", problems);
      }
    });
    Objects.requireNonNull(nativeBans, "nativeBans");
    Objects.requireNonNull(warnNotice, "warnNotice");
    Objects.requireNonNull(abuseReports, "abuseReports");
    if (!nativeBans.publish().isEmpty() && !publishLists.containsKey(nativeBans.publish())) {
      problems.add(new ConfigProblem("native_bans.publish", "no publish_lists short code '" + nativeBans.publish()
          + "'" + (publishLists.isEmpty() ? " (publish_lists is empty)" : "; known: "
          + String.join(", ", new TreeMap<>(publishLists).keySet()))));
    }
    if (moderatorLevel < 1 || moderatorLevel > 100) {
      problems.add(new ConfigProblem("moderator_level", "must be between 1 and 100, not " + moderatorLevel));
    }
    if (warnLimit < 0) {
      problems.add(new ConfigProblem("warn_limit", "must not be negative (0 never acts), not " + warnLimit));
    }
    if (parallelRooms < 1 || parallelRooms > 64) {
      problems.add(new ConfigProblem("parallel_rooms", "must be between 1 and 64, not " + parallelRooms));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}

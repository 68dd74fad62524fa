package dev.steward.bots.moderation.policy;

import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ban rules of every watched list, compiled once into one {@link GlobIndex} per kind, so that matching a member
 * costs a few hash look-ups however many rules there are (not rules × members). Server rules match a user's server
 * name; a server rule that would match the bot's own server is left out (it would ban the bot's own users wholesale).
 * Immutable: a change of rules builds a new matcher.
 */
public final class PolicyMatcher {
  private final GlobIndex<PolicyRule> users = new GlobIndex<>();
  private final GlobIndex<PolicyRule> servers = new GlobIndex<>();
  private final GlobIndex<PolicyRule> rooms = new GlobIndex<>();
  private final List<PolicyRule> ignored = new ArrayList<>();
  private final int size;

  /** Compiles the ban rules among {@code rules}; server rules matching {@code ownServer} go to {@link #ignored}. */
  public PolicyMatcher(Collection<PolicyRule> rules, String ownServer) {
    int n = 0;
    for (PolicyRule r : rules) {
      if (!r.isBan()) {
        continue;
      }
      switch (r.kind()) {
        case USER -> users.add(r.entity(), r);
        case ROOM -> rooms.add(r.entity(), r);
        case SERVER -> {
          if (ownServer != null && Glob.of(r.entity()).matches(ownServer)) {
            ignored.add(r);
            continue;
          }
          servers.add(r.entity(), r);
        }
        default -> throw new IllegalStateException("unknown kind " + r.kind());
      }
      n++;
    }
    this.size = n;
  }

  /** A matcher with no rules. */
  public static PolicyMatcher empty() {
    return new PolicyMatcher(List.of(), null);
  }

  /** The first ban rule matching {@code user}: user rules first, then rules on the user's server. */
  public Optional<PolicyRule> match(UserId user) {
    List<PolicyRule> byUser = users.matches(user.value());
    if (!byUser.isEmpty()) {
      return Optional.of(byUser.get(0));
    }
    if (servers.isEmpty()) {
      return Optional.empty();
    }
    String server = user.server().value();
    List<PolicyRule> byServer = servers.matches(server);
    if (byServer.isEmpty()) {
      int colon = server.lastIndexOf(':');
      if (colon > 0 && server.indexOf(']') < colon) {
        byServer = servers.matches(server.substring(0, colon)); // a rule for the host covers every port
      }
    }
    return byServer.isEmpty() ? Optional.empty() : Optional.of(byServer.get(0));
  }

  /** The first ban rule on the room id or alias {@code room}. */
  public Optional<PolicyRule> matchRoom(String room) {
    List<PolicyRule> r = rooms.matches(room);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  /** Each matching member with its rule and the rooms it is in: every distinct member is matched once. */
  public Map<UserId, Hit> matchAll(Map<RoomId, ? extends Set<UserId>> members) {
    Map<UserId, Optional<PolicyRule>> seen = new HashMap<>();
    Map<UserId, Hit> out = new HashMap<>();
    members.forEach((room, users) -> {
      for (UserId u : users) {
        Optional<PolicyRule> rule = seen.computeIfAbsent(u, this::match);
        rule.ifPresent(r -> out.computeIfAbsent(u, k -> new Hit(r, new ArrayList<>())).rooms().add(room));
      }
    });
    return out;
  }

  /** A member a rule matches, and the rooms where they are. */
  public record Hit(PolicyRule rule, List<RoomId> rooms) {}

  /** How many ban rules are in force. */
  public int size() {
    return size;
  }

  /** Server rules left out because they match the bot's own server. */
  public List<PolicyRule> ignored() {
    return List.copyOf(ignored);
  }
}

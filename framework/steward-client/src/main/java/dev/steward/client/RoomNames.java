package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.model.HistoryVisibility;
import dev.steward.client.model.JoinRule;
import dev.steward.client.model.PowerLevels;
import dev.steward.client.model.RoomDetails;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link RoomDetails} out of a room's state, and computes the room's display name the way the spec's
 * "calculating the display name for a room" section does, so a bot shows the name members see in their clients.
 */
final class RoomNames {
  /** The spec's heroes: at most five other members name an unnamed room. */
  private static final int HEROES = 5;

  private RoomNames() {}

  static RoomDetails details(RoomSnapshot s, UserId me) {
    RoomId room = s.room();
    String name = text(s, "m.room.name", "name");
    String alias = text(s, "m.room.canonical_alias", "alias");
    JsonNode create = s.event("m.room.create", "").map(e -> e.path("content")).orElse(null);
    List<UserId> creators = List.copyOf(s.creators());
    PowerLevels pl = s.powerLevels();
    List<RoomId> parents = new ArrayList<>();
    for (JsonNode e : s.events()) {
      if ("m.space.parent".equals(e.path("type").asText()) && e.path("content").path("via").size() > 0) {
        try {
          parents.add(RoomId.of(e.path("state_key").asText()));
        } catch (IllegalArgumentException ignored) {
          // a parent key that is no room id points nowhere a caller could go
        }
      }
    }
    boolean readOnly = pl.eventLevel("m.room.message", false) > pl.usersDefault();
    boolean federate = create == null || create.path("m.federate").asBoolean(true);
    return new RoomDetails(room, displayName(s, me), name, text(s, "m.room.topic", "topic"),
        text(s, "m.room.avatar", "url"), alias == null ? null : safeAlias(alias),
        s.members("join").size(), s.members("invite").size(),
        JoinRule.fromWire(text(s, "m.room.join_rules", "join_rule")).orElse(null),
        HistoryVisibility.fromWire(text(s, "m.room.history_visibility", "history_visibility")).orElse(null),
        s.event("m.room.encryption", "").map(e -> e.path("content").path("algorithm").isTextual()).orElse(false),
        create == null ? null : textOrNull(create.get("type")), creators.isEmpty() ? null : creators.get(0),
        create == null ? "1" : create.path("room_version").asText("1"), readOnly,
        federate && !aclKeepsToOneServer(s), s.event(Moderation.ARCHIVE, "")
            .map(e -> e.path("content").path("archived").asBoolean(false)).orElse(false), parents);
  }

  /**
   * The room's name for {@code me}: its {@code m.room.name}, else its canonical alias, else up to five other members
   * (joined or invited, by user id; display names made unique with the user id where two share one), else the
   * members who left ("Empty Room (was Alice)"), else "Empty Room".
   */
  static String displayName(RoomSnapshot s, UserId me) {
    String name = text(s, "m.room.name", "name");
    if (name != null && !name.isEmpty()) {
      return name;
    }
    String alias = text(s, "m.room.canonical_alias", "alias");
    if (alias != null && !alias.isEmpty()) {
      return alias;
    }
    List<UserId> present = others(s, me, "join", "invite");
    if (!present.isEmpty()) {
      List<String> heroes = names(s, present.subList(0, Math.min(HEROES, present.size())));
      return list(heroes, present.size() - heroes.size());
    }
    List<UserId> gone = others(s, me, "leave", "ban");
    if (gone.isEmpty()) {
      return "Empty Room";
    }
    return "Empty Room (was " + list(names(s, gone.subList(0, Math.min(HEROES, gone.size()))),
        Math.max(0, gone.size() - HEROES)) + ")";
  }

  private static List<UserId> others(RoomSnapshot s, UserId me, String... memberships) {
    List<UserId> out = new ArrayList<>(s.members(memberships));
    out.remove(me);
    out.sort((a, b) -> a.value().compareTo(b.value()));
    return out;
  }

  /** Display names of {@code users}; one shared by two members of the room gets the user id added. */
  private static List<String> names(RoomSnapshot s, List<UserId> users) {
    Map<String, Integer> uses = new HashMap<>();
    for (JsonNode e : s.events()) {
      if ("m.room.member".equals(e.path("type").asText())) {
        String n = textOrNull(e.path("content").get("displayname"));
        String m = e.path("content").path("membership").asText("");
        if (n != null && (m.equals("join") || m.equals("invite"))) {
          uses.merge(n, 1, Integer::sum);
        }
      }
    }
    List<String> out = new ArrayList<>();
    for (UserId u : users) {
      String n = s.event("m.room.member", u.value()).map(e -> textOrNull(e.path("content").get("displayname")))
          .filter(d -> !d.isBlank()).orElse(null);
      out.add(n == null ? u.value() : uses.getOrDefault(n, 0) > 1 ? n + " (" + u.value() + ")" : n);
    }
    return out;
  }

  private static String list(List<String> names, int more) {
    if (more > 0) {
      return String.join(", ", names) + " and " + more + (more == 1 ? " other" : " others");
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }

  /** Whether the server ACL admits exactly one server (no wildcard): federation switched off after creation. */
  private static boolean aclKeepsToOneServer(RoomSnapshot s) {
    JsonNode allow = s.event("m.room.server_acl", "").map(e -> e.path("content").path("allow")).orElse(null);
    if (allow == null || allow.size() != 1) {
      return false;
    }
    String only = allow.get(0).asText("");
    return !only.isEmpty() && !only.contains("*") && !only.contains("?");
  }

  private static RoomAlias safeAlias(String alias) {
    try {
      return RoomAlias.of(alias);
    } catch (IllegalArgumentException e) {
      return null; // a malformed alias is no address a caller could use
    }
  }

  private static String text(RoomSnapshot s, String type, String field) {
    return s.event(type, "").map(e -> textOrNull(e.path("content").get(field))).orElse(null);
  }

  private static String textOrNull(JsonNode n) {
    return n != null && n.isTextual() ? n.asText() : null;
  }
}

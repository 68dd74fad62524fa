package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import dev.steward.client.model.JoinRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Closes a room without server admin rights, all or nothing: it first checks that the bot may do every step (change
 * the join rule, unpublish, delete the aliases, remove every member), refusing before it changes anything; then the
 * join rule becomes invite, the room leaves the directory, its local aliases go, joined members are kicked, invites
 * withdrawn and knocks refused, and the bot leaves and forgets the room. So a closed room cannot be found or rejoined,
 * and no room is left half-closed because a member turned out to be out of reach.
 */
final class RoomCloser {
  private final MatrixClient client;
  private final Http http;

  RoomCloser(MatrixClient client, Http http) {
    this.client = client;
    this.http = http;
  }

  void close(RoomSnapshot s, String reason) {
    RoomId room = s.room();
    UserId me = client.userId();
    List<UserId> others = new ArrayList<>(s.members("join", "invite", "knock"));
    others.remove(me);
    requireCanClose(s, me, others);
    Set<RoomAlias> aliases = localAliases(s, me.server()); // read before the first change, like every check
    Rooms rooms = client.rooms();
    client.settings().setJoinRule(room, JoinRule.INVITE);
    client.directory().unpublish(room);
    for (RoomAlias alias : aliases) {
      try {
        client.settings().deleteAlias(alias);
      } catch (RoomException e) {
        if (e.reason() != RoomException.Reason.NOT_FOUND) {
          throw e;
        }
        // gone already (someone deleted it since): that is what we wanted
      }
    }
    if (s.event("m.room.canonical_alias", "").map(e -> e.path("content").size() > 0).orElse(false)) {
      client.settings().clearCanonicalAlias(room);
    }
    for (UserId member : others) {
      rooms.kick(room, member, reason);
    }
    rooms.leave(room, reason, true);
    rooms.forget(room);
  }

  /** Every reason the bot could not finish, found before it starts; one refusal naming them all. */
  private static void requireCanClose(RoomSnapshot s, UserId me, List<UserId> others) {
    long mine = s.level(me);
    List<String> problems = new ArrayList<>();
    for (String type : List.of("m.room.join_rules", "m.room.canonical_alias")) {
      long needed = s.powerLevels().eventLevel(type, true);
      if (mine < needed) {
        problems.add("sending " + type + " needs power level " + needed);
      }
    }
    if (!others.isEmpty() && mine < s.powerLevels().kick()) {
      problems.add("removing members needs the kick level " + s.powerLevels().kick());
    }
    List<String> outOfReach = new ArrayList<>();
    for (UserId u : others) {
      if (s.level(u) >= mine) {
        outOfReach.add(u.value());
      }
    }
    if (!outOfReach.isEmpty()) {
      problems.add("cannot remove " + String.join(", ", outOfReach) + " (power level not below the bot's)");
    }
    if (!problems.isEmpty()) {
      throw RoomException.refused(RoomException.Reason.FORBIDDEN, s.room(), "cannot close (nothing was changed): "
          + String.join("; ", problems) + "; the bot has " + (mine == Long.MAX_VALUE ? "creator power" : mine));
    }
  }

  /** The room's aliases on this server: the room's published ones and the server's own list. */
  private Set<RoomAlias> localAliases(RoomSnapshot s, ServerName server) {
    Set<String> all = new LinkedHashSet<>();
    s.event("m.room.canonical_alias", "").ifPresent(e -> {
      JsonNode c = e.path("content");
      if (c.path("alias").isTextual()) {
        all.add(c.path("alias").asText());
      }
      c.path("alt_aliases").forEach(a -> all.add(a.asText()));
    });
    JsonNode listed = http.json("GET", http.v3(null, "rooms", s.room().value(), "aliases"), null, CallOptions.SAFE,
        JsonNode.class);
    listed.path("aliases").forEach(a -> all.add(a.asText()));
    Set<RoomAlias> out = new LinkedHashSet<>();
    for (String a : all) {
      try {
        RoomAlias alias = RoomAlias.of(a);
        if (alias.value().endsWith(":" + server.value())) {
          out.add(alias);
        }
      } catch (IllegalArgumentException ignored) {
        // a malformed alias in the state resolves nowhere; nothing to delete
      }
    }
    return out;
  }
}

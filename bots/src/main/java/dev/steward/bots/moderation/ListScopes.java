package dev.steward.bots.moderation;

import dev.steward.bots.moderation.policy.PolicyLists;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.model.RoomEvent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code list_scopes}: which protected rooms each limited ban list applies in. A scope entry is a room or a space; a
 * space stands for the rooms that are its children ({@code m.space.child} with {@code via}) and follows it: a child
 * added to or removed from the space later widens or narrows the list's reach at once. The bot joins a space to read
 * its children.
 */
final class ListScopes {
  private final MatrixClient client;
  private final PolicyLists lists;
  private final ProtectedRooms rooms;
  /** Per limited list, its scope entries as resolved ids. */
  private final Map<RoomId, Set<RoomId>> entries = new ConcurrentHashMap<>();
  /** Spaces seen in some scope, with their children. */
  private final Map<RoomId, Set<RoomId>> spaces = new ConcurrentHashMap<>();

  ListScopes(MatrixClient client, PolicyLists lists, ProtectedRooms rooms) {
    this.client = client;
    this.lists = lists;
    this.rooms = rooms;
  }

  /**
   * Limits the list {@code ref} to the rooms and spaces {@code where}; what cannot be resolved or read goes to
   * {@code problems}. A scope whose entries all failed applies nowhere rather than everywhere.
   */
  void limit(String ref, List<String> where, List<String> problems) {
    RoomId list;
    try {
      list = RoomRefs.resolve(client, ref);
    } catch (MatrixException e) {
      problems.add("list_scopes." + ref + ": cannot resolve the alias (" + e.errcode() + ")");
      return;
    }
    Set<RoomId> resolved = new LinkedHashSet<>();
    for (String entry : where) {
      try {
        RoomId room = RoomRefs.resolve(client, entry);
        resolved.add(room);
        if (!rooms.contains(room)) {
          readSpace(room).ifPresent(children -> spaces.put(room, children));
        }
      } catch (MatrixException e) {
        problems.add("list_scopes." + ref + ": " + entry + ": cannot resolve or read it (" + e.errcode() + ")");
      }
    }
    entries.put(list, resolved);
    lists.limit(list, expand(resolved));
  }

  /** Whether {@code room} is a space some scope names. */
  boolean isScopeSpace(RoomId room) {
    return spaces.containsKey(room);
  }

  /**
   * A child of a scope space was added or removed: re-reads the space and re-limits the lists naming it. Returns
   * true when some list's reach changed (the caller then applies the rules again).
   */
  boolean spaceChanged(RoomId space) {
    if (!spaces.containsKey(space)) {
      return false;
    }
    Set<RoomId> now = readSpace(space).orElse(Set.of());
    if (now.equals(spaces.put(space, now))) {
      return false;
    }
    entries.forEach((list, resolved) -> {
      if (resolved.contains(space)) {
        lists.limit(list, expand(resolved));
      }
    });
    return true;
  }

  private Set<RoomId> expand(Set<RoomId> resolved) {
    Set<RoomId> out = new LinkedHashSet<>();
    for (RoomId e : resolved) {
      Set<RoomId> children = spaces.get(e);
      if (children != null) {
        out.addAll(children);
      } else {
        out.add(e);
      }
    }
    return out;
  }

  /** The children of {@code room} when it is a space (joining it to read them), or empty when it is a room. */
  private java.util.Optional<Set<RoomId>> readSpace(RoomId room) {
    if (!client.rooms().joined().contains(room)) {
      client.rooms().join(room);
    }
    boolean space = false;
    Set<RoomId> children = new LinkedHashSet<>();
    for (RoomEvent e : client.settings().fullState(room)) {
      if (e.type().equals("m.room.create") && "m.space".equals(e.content().path("type").asText(null))) {
        space = true;
      } else if (e.type().equals("m.space.child") && e.stateKey() != null
          && e.content().path("via").isArray() && !e.content().path("via").isEmpty()) {
        space = true;
        try {
          children.add(RoomId.of(e.stateKey()));
        } catch (IllegalArgumentException notARoom) {
          // Anyone with the power to edit the space may write a child key that is no room id: skipped.
        }
      }
    }
    return space ? java.util.Optional.of(children) : java.util.Optional.empty();
  }
}

package dev.steward.bots.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.model.RoomEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of some spaces a room belongs to: a space is a room's parent when the room names it in an
 * {@code m.space.parent} state event, or the space names the room in an {@code m.space.child} state event (either
 * side may be all a room has: a space admin adds children without touching the rooms). Links whose content has no
 * {@code via} are removed ones, as the spec has it.
 */
public final class ParentSpaces {
  private static final Logger log = LoggerFactory.getLogger(ParentSpaces.class);

  private ParentSpaces() {}

  /**
   * Those of {@code candidates} that are parents of {@code room}, in the order given. A space the bot cannot read
   * (not a member, say) counts only through the room's own {@code m.space.parent}.
   *
   * @throws MatrixException when the room's own state cannot be read
   */
  public static List<RoomId> of(MatrixClient client, RoomId room, Collection<RoomId> candidates) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    Set<String> named = new LinkedHashSet<>();
    for (RoomEvent e : client.settings().fullState(room)) {
      if (e.type().equals("m.space.parent") && e.stateKey() != null && linked(e.content())) {
        named.add(e.stateKey());
      }
    }
    List<RoomId> out = new ArrayList<>();
    for (RoomId space : candidates) {
      if (named.contains(space.value()) || childOf(client, space, room)) {
        out.add(space);
      }
    }
    return List.copyOf(out);
  }

  private static boolean childOf(MatrixClient client, RoomId space, RoomId room) {
    try {
      return client.rooms().state(space, "m.space.child", room.value()).map(ParentSpaces::linked).orElse(false);
    } catch (MatrixException e) {
      log.debug("cannot read {}'s children ({}): only {}'s own m.space.parent counts", space, e.errcode(), room);
      return false;
    }
  }

  private static boolean linked(JsonNode content) {
    JsonNode via = content.path("via");
    return via.isArray() && !via.isEmpty();
  }
}

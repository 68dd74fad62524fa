package dev.steward.client.model;

import dev.steward.client.RoomAlias;
import java.util.List;
import java.util.Optional;

/**
 * A room's published aliases ({@code m.room.canonical_alias}).
 *
 * @param alias the main alias, or empty when the room has none
 * @param altAliases further aliases the room advertises
 */
public record CanonicalAlias(Optional<RoomAlias> alias, List<RoomAlias> altAliases) {
  public CanonicalAlias {
    alias = alias == null ? Optional.empty() : alias;
    altAliases = altAliases == null ? List.of() : List.copyOf(altAliases);
  }
}

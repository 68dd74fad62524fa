package dev.steward.bot.command;

import dev.steward.client.UserId;
import java.util.List;

/**
 * Looks up members of the room a command was sent in by display name, to resolve arguments like {@code bob}.
 */
@FunctionalInterface
public interface MemberDirectory {
  /** Every current member whose display name is {@code name}; empty when none. */
  List<UserId> byDisplayName(String name);
}

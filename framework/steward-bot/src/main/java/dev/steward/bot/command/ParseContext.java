package dev.steward.bot.command;

import dev.steward.bot.internal.command.MessageParse;
import java.util.Optional;

/**
 * What an {@link ArgumentConverter} may consult besides the text: the converters (to parse a part of its token as
 * another type) and the room's members by display name. The runtime makes one per command message.
 */
public interface ParseContext {
  /** The converter registry. */
  ArgumentConverters converters();

  /** The member directory, when display names can be resolved. */
  Optional<MemberDirectory> members();

  /** A context with converters only: no display-name lookup, no pills (for a converter's own tests, say). */
  static ParseContext of(ArgumentConverters converters) {
    return MessageParse.of(converters);
  }
}

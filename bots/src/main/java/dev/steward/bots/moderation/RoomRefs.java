package dev.steward.bots.moderation;

import dev.steward.bot.config.ConfigProblem;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomAlias;
import dev.steward.client.RoomId;
import java.util.List;

/** Room references as people write them: a room id ({@code !abc:server}) or an alias ({@code #name:server}). */
public final class RoomRefs {
  private RoomRefs() {}

  /** Adds a problem under {@code key} when {@code ref} is neither a room id nor an alias. */
  static void check(String ref, String key, List<ConfigProblem> problems) {
    if (ref == null || ref.isBlank()) {
      problems.add(new ConfigProblem(key, "required: a room id (!abc:server) or alias (#name:server)"));
      return;
    }
    try {
      parse(ref);
    } catch (IllegalArgumentException e) {
      problems.add(new ConfigProblem(key, "not a room id or alias: " + e.getMessage()));
    }
  }

  /** Checks the syntax; returns the room id, or null for an alias (resolve it with {@link #resolve}). */
  public static RoomId parse(String ref) {
    if (ref.startsWith("#")) {
      RoomAlias.of(ref);
      return null;
    }
    if (!ref.startsWith("!")) {
      throw new IllegalArgumentException("'" + ref + "' starts with neither '!' nor '#'");
    }
    return RoomId.of(ref);
  }

  /** The room {@code ref} names, asking the homeserver for an alias. */
  public static RoomId resolve(MatrixClient client, String ref) {
    RoomId id = parse(ref);
    return id != null ? id : client.rooms().resolve(RoomAlias.of(ref));
  }
}

package dev.steward.client.model;

import java.util.Objects;

/**
 * A tag on a room in a user's account data.
 *
 * @param name the tag, e.g. {@code m.favourite}, {@code m.lowpriority} or a custom {@code u.work}
 * @param order where the room sorts among rooms with this tag (0 to 1), or null
 */
public record RoomTag(String name, Double order) {
  /** Favourite rooms. */
  public static final String FAVOURITE = "m.favourite";
  /** Low-priority rooms, which clients show last or hide. */
  public static final String LOW_PRIORITY = "m.lowpriority";

  public RoomTag {
    Objects.requireNonNull(name, "name");
  }
}

package dev.steward.bot.command;

import dev.steward.bot.internal.command.Text;
import dev.steward.client.RoomAlias;
import dev.steward.client.RoomId;
import java.util.Objects;

/**
 * A room named either by id ({@code !abc:server}) or by alias ({@code #lobby:server}), as a command argument.
 */
public sealed interface RoomRef permits RoomRef.Id, RoomRef.Alias {
  /** Parses {@code !…} as an id and {@code #…} as an alias; throws {@link IllegalArgumentException} otherwise. */
  static RoomRef of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.startsWith("!")) {
      return new Id(RoomId.of(value));
    }
    if (value.startsWith("#")) {
      return new Alias(RoomAlias.of(value));
    }
    throw new IllegalArgumentException("not a room id or alias: " + Text.quote(value));
  }

  /** The id or alias as written. */
  String value();

  /**
   * A room given by its id.
   *
   * @param id the room id
   */
  record Id(RoomId id) implements RoomRef {
    /** Requires a non-null id. */
    public Id {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String value() {
      return id.value();
    }
  }

  /**
   * A room given by one of its aliases, to be resolved by the caller.
   *
   * @param alias the room alias
   */
  record Alias(RoomAlias alias) implements RoomRef {
    /** Requires a non-null alias. */
    public Alias {
      Objects.requireNonNull(alias, "alias");
    }

    @Override
    public String value() {
      return alias.value();
    }
  }
}

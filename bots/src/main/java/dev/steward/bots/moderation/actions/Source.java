package dev.steward.bots.moderation.actions;

import dev.steward.client.UserId;
import java.util.Objects;

/**
 * Who or what asked for an action, as the audit log and the management room show it: a moderator, a protection,
 * a ban list, a timer, or the bot itself.
 *
 * @param kind the kind of source
 * @param name the moderator's user id, the protection's name, the list room and rule, or what the bot did
 */
public record Source(Kind kind, String name) {
  /** The kinds of source. */
  public enum Kind { MODERATOR, PROTECTION, LIST, TIMER, BOT }

  /** Requires both parts. */
  public Source {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  /** A moderator's command. */
  public static Source moderator(UserId user) {
    return new Source(Kind.MODERATOR, user.value());
  }

  /** A protection by its name, e.g. {@code protection("flood")}. */
  public static Source protection(String name) {
    return new Source(Kind.PROTECTION, name);
  }

  /** A ban-list rule, e.g. {@code list("!list:example.org", "@*:spam.example")}. */
  public static Source list(String listRoom, String entity) {
    return new Source(Kind.LIST, listRoom + " " + entity);
  }

  /** A timed action coming due, e.g. the end of a {@code !mute 5m}. */
  public static Source timer(String what) {
    return new Source(Kind.TIMER, what);
  }

  /** The bot on its own account, e.g. {@code warn_limit}. */
  public static Source bot(String what) {
    return new Source(Kind.BOT, what);
  }

  /** The stored form, {@code kind:name}. */
  public String stored() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
  }

  /** Reads {@link #stored()}. */
  public static Source parse(String stored) {
    int colon = stored.indexOf(':');
    return new Source(Kind.valueOf(stored.substring(0, colon).toUpperCase(java.util.Locale.ROOT)),
        stored.substring(colon + 1));
  }

  /** How reports name it, e.g. {@code @mod:example.org}, {@code protection flood}, {@code list !l:x @*:spam}. */
  public String label() {
    return switch (kind) {
      case MODERATOR -> name;
      case PROTECTION -> "protection " + name;
      case LIST -> "list " + name;
      case TIMER -> "timer (" + name + ")";
      case BOT -> "the bot (" + name + ")";
    };
  }

  @Override
  public String toString() {
    return label();
  }
}

package dev.steward.bots.moderation.commands;

import dev.steward.bot.command.CommandContext;
import dev.steward.bots.moderation.Moderators;
import dev.steward.bots.moderation.ProtectedRooms;
import dev.steward.bots.moderation.RoomRefs;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may run a moderation command from where. In the management room a moderator acts on every protected room; in a
 * protected room a moderator of that room acts on that room only (a moderator of all rooms on all of them).
 * Everyone else is refused with a reply saying why, and nothing changes.
 */
public final class Gate {
  private static final Logger log = LoggerFactory.getLogger(Gate.class);

  private final MatrixClient client;
  private final Moderators moderators;
  private final ProtectedRooms rooms;
  private final RoomId management;
  private final int level;

  /** A gate for the management room {@code management} and moderators at {@code level}. */
  public Gate(MatrixClient client, Moderators moderators, ProtectedRooms rooms, RoomId management, int level) {
    this.client = client;
    this.moderators = moderators;
    this.rooms = rooms;
    this.management = management;
    this.level = level;
  }

  /**
   * Where the sender of a command may act.
   *
   * @param sender who sent it
   * @param all true: every protected room; false: only {@code room}
   * @param room the protected room the command came from, or null from the management room
   */
  record Scope(UserId sender, boolean all, RoomId room) {
    /** The rooms to act on: every protected room, or the one the command came from. */
    List<RoomId> rooms(ProtectedRooms protectedRooms) {
      return all ? protectedRooms.all() : List.of(room);
    }
  }

  /** The sender's scope, or empty after replying with the refusal. */
  Optional<Scope> check(CommandContext ctx) {
    UserId sender = ctx.sender();
    RoomId here = ctx.room();
    boolean inManagement = here.equals(management);
    if (!inManagement && !rooms.contains(here)) {
      ctx.reply("Moderation commands work in the management room or a protected room.");
      return Optional.empty();
    }
    if (moderators.isModerator(sender)) {
      return Optional.of(new Scope(sender, true, inManagement ? null : here));
    }
    if (!inManagement && moderators.mayModerate(sender, here)) {
      return Optional.of(new Scope(sender, false, here));
    }
    log.info("moderation: refused {} from {} in {}: not a moderator", ctx.command(), sender, here);
    ctx.reply("Refused: only moderators may use " + ctx.command() + " (power level " + level
        + " in the management room" + (inManagement ? "" : " or in this room") + ", or listed in moderators).");
    return Optional.empty();
  }

  /**
   * The room {@code ref} names, which must be protected and within the scope; a usage problem otherwise. Aliases are
   * resolved.
   */
  RoomId protectedRoom(Scope scope, String ref) {
    RoomId room = room(ref);
    if (!rooms.contains(room)) {
      throw new Usage(ref + " is not a protected room");
    }
    if (!scope.all() && !room.equals(scope.room())) {
      throw new Usage("you moderate " + scope.room() + " only");
    }
    return room;
  }

  /** The room {@code ref} (an id or alias) names. */
  RoomId room(String ref) {
    try {
      return RoomRefs.resolve(client, ref);
    } catch (IllegalArgumentException e) {
      throw new Usage("not a room id or alias: " + ref);
    } catch (MatrixException e) {
      throw new Usage("cannot find the room " + ref + " (" + e.errcode() + ")");
    }
  }
}

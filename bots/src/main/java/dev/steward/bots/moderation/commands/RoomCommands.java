package dev.steward.bots.moderation.commands;

import dev.steward.bot.command.CommandContext;
import dev.steward.bots.moderation.ProtectedRooms;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code !rooms}, {@code !rooms add <room>}, {@code !rooms remove <room>}: the protected rooms. Adding one joins it,
 * checks the bot's powers there and says plainly which are missing. Only moderators of all rooms may change the list.
 */
public final class RoomCommands {
  /** The usage line. */
  public static final String USAGE = "!rooms [list | add <room> | remove <room>]";

  private final Gate gate;
  private final ProtectedRooms rooms;
  private final RoomChanges changes;
  private final Function<RoomId, List<String>> missingPowers;

  /** What adding and removing do beyond the list (joining, member counts, ban lists). */
  public interface RoomChanges {
    /** Protects {@code room}; false when it already was. */
    boolean add(RoomId room);

    /** Stops protecting {@code room}; false when it was not protected. */
    boolean remove(RoomId room);
  }

  /** The command over {@code rooms}, checking powers with {@code missingPowers}. */
  public RoomCommands(Gate gate, ProtectedRooms rooms, RoomChanges changes,
                      Function<RoomId, List<String>> missingPowers) {
    this.gate = gate;
    this.rooms = rooms;
    this.changes = changes;
    this.missingPowers = missingPowers;
  }

  /** Runs {@code !rooms} with the words after it. */
  public void run(CommandContext ctx, String text) {
    Replies.run(ctx, USAGE, gate, scope -> {
      Args args = Args.parse(text, Set.of(), Set.of());
      String verb = args.optional().orElse("list");
      switch (verb) {
        case "list" -> {
          args.end();
          list(ctx);
        }
        case "add", "remove" -> {
          if (!scope.all()) {
            ctx.reply("Refused: only moderators of every protected room may change the list.");
            return;
          }
          RoomId room = gate.room(args.required("room"));
          args.end();
          if (verb.equals("add")) {
            add(ctx, room);
          } else {
            ctx.reply(changes.remove(room) ? "No longer protecting " + room + "."
                : room + " was not protected.");
          }
        }
        default -> throw new Usage("unknown subcommand '" + verb + "'");
      }
    });
  }

  private void add(CommandContext ctx, RoomId room) {
    boolean added;
    try {
      added = changes.add(room);
    } catch (MatrixException e) {
      ctx.reply("Cannot protect " + room + ": the bot cannot join it (" + e.errcode() + ").");
      return;
    }
    List<String> missing = missingPowers.apply(room);
    String powers = missing.isEmpty() ? "The bot can ban, kick, redact and change power levels there."
        : "The bot's power level there is too low to: " + String.join(", ", missing) + ".";
    ctx.reply((added ? "Now protecting " : "Already protecting ") + room + ". " + powers);
  }

  private void list(CommandContext ctx) {
    List<RoomId> all = rooms.largestFirst(rooms.all());
    if (all.isEmpty()) {
      ctx.reply("No protected rooms. Add one with !rooms add <room>.");
      return;
    }
    StringBuilder s = new StringBuilder("Protected rooms (" + all.size() + "):");
    for (RoomId room : all) {
      List<String> missing = missingPowers.apply(room);
      s.append("\n- ").append(room).append(missing.isEmpty() ? "" : " \u2014 cannot " + String.join(", ", missing));
    }
    ctx.reply(s.toString());
  }
}

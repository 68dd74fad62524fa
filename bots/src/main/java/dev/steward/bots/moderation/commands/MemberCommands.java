package dev.steward.bots.moderation.commands;

import dev.steward.bot.command.CommandContext;
import dev.steward.bot.config.Durations;
import dev.steward.bots.moderation.Moderators;
import dev.steward.bots.moderation.ProtectedRooms;
import dev.steward.bots.moderation.actions.Action;
import dev.steward.bots.moderation.actions.ActionExecutor;
import dev.steward.bots.moderation.actions.ActionRequest;
import dev.steward.bots.moderation.actions.ActionResult;
import dev.steward.bots.moderation.actions.Source;
import dev.steward.bots.moderation.audit.ManagementRoom;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.Membership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code !ban}, {@code !unban}, {@code !kick}, {@code !mute}, {@code !unmute}: parse, check, hand to the
 * {@link ActionExecutor}, report. A glob stands for the current members matching it; {@code --dry-run} lists what
 * would happen and changes nothing; {@code --room} narrows the action to one protected room.
 */
public final class MemberCommands {
  /** Usage lines. */
  public static final String BAN = "!ban <user|glob> [duration] [reason] [--room <room>] [--list <shortcode>] "
      + "[--dry-run]";
  public static final String UNBAN = "!unban <user|glob> [--room <room>] [--list <shortcode>] [--dry-run]";
  public static final String KICK = "!kick <user|glob> [reason] [--room <room>] [--dry-run]";
  public static final String MUTE = "!mute <user> [duration] [reason] [--room <room>] [--dry-run]";
  public static final String UNMUTE = "!unmute <user> [--room <room>] [--dry-run]";

  private final MatrixClient client;
  private final Gate gate;
  private final Moderators moderators;
  private final ProtectedRooms rooms;
  private final ActionExecutor actions;
  private final ManagementRoom management;
  private final ListPublishing lists;

  /** Publishing to and withdrawing from our own ban lists ({@code --list}). */
  public interface ListPublishing {
    /** Writes a ban rule for {@code entity} to the list with short code {@code code}; returns the reply. */
    String publish(String code, String entity, String reason, UserId by);

    /** Removes the rule for {@code entity} from that list; returns the reply. */
    String withdraw(String code, String entity, UserId by);
  }

  /** The commands over these parts. */
  public MemberCommands(MatrixClient client, Gate gate, Moderators moderators, ProtectedRooms rooms,
                        ActionExecutor actions, ManagementRoom management, ListPublishing lists) {
    this.client = client;
    this.gate = gate;
    this.moderators = moderators;
    this.rooms = rooms;
    this.actions = actions;
    this.management = management;
    this.lists = lists;
  }

  /** {@code !ban}. */
  public void ban(CommandContext ctx, String text) {
    run(ctx, text, Action.BAN, BAN, true, true);
  }

  /** {@code !unban}. */
  public void unban(CommandContext ctx, String text) {
    run(ctx, text, Action.UNBAN, UNBAN, false, false);
  }

  /** {@code !kick}. */
  public void kick(CommandContext ctx, String text) {
    run(ctx, text, Action.KICK, KICK, false, true);
  }

  /** {@code !mute}. */
  public void mute(CommandContext ctx, String text) {
    run(ctx, text, Action.MUTE, MUTE, true, true);
  }

  /** {@code !unmute}. */
  public void unmute(CommandContext ctx, String text) {
    run(ctx, text, Action.UNMUTE, UNMUTE, false, false);
  }

  private void run(CommandContext ctx, String text, Action action, String usage, boolean timed, boolean reasoned) {
    Replies.run(ctx, usage, gate, scope -> {
      boolean listable = action == Action.BAN || action == Action.UNBAN;
      Args args = Args.parse(text, Set.of("dry-run"), listable ? Set.of("room", "list") : Set.of("room"));
      String who = args.required(action == Action.MUTE || action == Action.UNMUTE ? "user" : "user or glob");
      if (args.value("list").isPresent()) {
        list(ctx, scope, args, action, who);
        return;
      }
      Duration duration = timed ? duration(args) : null;
      String reason = reasoned ? args.rest() : "";
      args.end();
      List<RoomId> where = args.value("room").map(r -> List.of(gate.protectedRoom(scope, r)))
          .orElseGet(() -> scope.rooms(rooms));
      if (where.isEmpty()) {
        ctx.reply("There are no protected rooms yet: add one with !rooms add <room>.");
        return;
      }
      Source source = Source.moderator(ctx.sender());
      boolean dry = args.flag("dry-run");
      if (Targets.isGlob(who)) {
        if (action == Action.MUTE || action == Action.UNMUTE) {
          throw new Usage(action.verb() + " takes one user, not a glob");
        }
        glob(ctx, action, who, where, reason, source, dry);
        return;
      }
      UserId target = Targets.user(who, ctx);
      if (action.againstTarget()) {
        Optional<String> why = moderators.refusal(target, null);
        if (why.isPresent()) {
          ctx.reply("Refused: the bot will not " + action.verb() + " " + target + ": " + why.get() + ".");
          return;
        }
      }
      ActionResult result = actions.act(ActionRequest.of(action, target, where, reason, source)
          .withDuration(duration).withDryRun(dry).withKey(ctx.eventId() == null ? null : ctx.eventId().value()));
      echo(ctx, result.summary());
    });
  }

  private void glob(CommandContext ctx, Action action, String glob, List<RoomId> where, String reason,
                    Source source, boolean dry) {
    List<String> unreadable = new ArrayList<>();
    Membership membership = action == Action.UNBAN ? Membership.BAN : Membership.JOIN;
    List<UserId> matched = new ArrayList<>();
    List<String> spared = new ArrayList<>();
    for (UserId u : Targets.matching(client, glob, where, membership, unreadable)) {
      Optional<String> why = action.againstTarget() ? moderators.refusal(u, null) : Optional.empty();
      if (why.isPresent()) {
        spared.add(u + " (" + why.get() + ")");
      } else {
        matched.add(u);
      }
    }
    StringBuilder s = new StringBuilder();
    String members = action == Action.UNBAN ? "banned user" : "member";
    if (matched.isEmpty()) {
      s.append("No ").append(members).append(" of the ").append(where.size()).append(" room(s) matches ")
          .append(glob).append('.');
    } else if (dry) {
      s.append("Dry run: would ").append(action.verb()).append(' ').append(matched.size()).append(' ')
          .append(members).append("(s) matching ").append(glob).append(" in ").append(where.size())
          .append(" room(s); nothing was changed:");
      matched.forEach(u -> s.append("\n- ").append(u));
    } else {
      s.append(source.label()).append(": ").append(action.verb()).append(' ').append(glob).append(" \u2192 ")
          .append(matched.size()).append(' ').append(members).append("(s) in ").append(where.size())
          .append(" room(s)").append(reason.isEmpty() ? "" : ". Reason: " + reason);
      String key = ctx.eventId() == null ? null : ctx.eventId().value();
      for (UserId u : matched) {
        ActionResult r = actions.act(ActionRequest.of(action, u, where, reason, source).withQuiet(true)
            .withKey(key == null ? null : key + " " + u.value()));
        s.append("\n- ").append(r.line());
      }
    }
    spared.forEach(u -> s.append("\n- not touched: ").append(u));
    if (!unreadable.isEmpty()) {
      s.append("\nCould not read the members of: ").append(String.join(", ", unreadable));
    }
    if (!dry && !matched.isEmpty()) {
      management.notice(s.toString());
      echo(ctx, s.toString());
    } else {
      ctx.reply(s.toString());
    }
  }

  private void list(CommandContext ctx, Gate.Scope scope, Args args, Action action, String entity) {
    if (!scope.all()) {
      ctx.reply("Refused: only moderators of every protected room may change our ban lists.");
      return;
    }
    String code = args.value("list").orElseThrow();
    if (args.flag("dry-run") || args.value("room").isPresent()) {
      throw new Usage("--list takes neither --room nor --dry-run");
    }
    String reason = action == Action.BAN ? args.rest() : "";
    args.end();
    String done = action == Action.BAN ? lists.publish(code, entity, reason, ctx.sender())
        : lists.withdraw(code, entity, ctx.sender());
    ctx.reply(done);
    if (!ctx.room().equals(management.id())) {
      management.notice(ctx.sender() + ": " + done + (reason.isEmpty() ? "" : " Reason: " + reason));
    }
  }

  /** Replies in the command's room unless it is the management room, which had the executor's notice already. */
  private void echo(CommandContext ctx, String text) {
    if (!ctx.room().equals(management.id())) {
      ctx.reply(text);
    }
  }

  private static Duration duration(Args args) {
    Optional<String> next = args.peek();
    if (next.isEmpty() || !Character.isDigit(next.get().charAt(0))) {
      return null;
    }
    try {
      Duration d = Durations.parse(next.get());
      args.optional();
      if (d.isZero() || d.isNegative()) {
        throw new Usage("the duration must be longer than zero");
      }
      return d;
    } catch (IllegalArgumentException | ArithmeticException e) {
      return null; // a reason that starts with a number
    }
  }
}

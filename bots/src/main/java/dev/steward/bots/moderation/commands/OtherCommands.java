package dev.steward.bots.moderation.commands;

import dev.steward.bot.command.CommandContext;
import dev.steward.bot.event.Html;
import dev.steward.bots.moderation.Members;
import dev.steward.bots.moderation.Moderators;
import dev.steward.bots.moderation.ModerationSettings;
import dev.steward.bots.moderation.ProtectedRooms;
import dev.steward.bots.moderation.actions.ActionExecutor;
import dev.steward.bots.moderation.actions.Redactions;
import dev.steward.bots.moderation.actions.Source;
import dev.steward.bots.moderation.actions.Warnings;
import dev.steward.bots.moderation.audit.AuditEntry;
import dev.steward.bots.moderation.audit.AuditLog;
import dev.steward.bots.moderation.audit.ManagementRoom;
import dev.steward.bots.moderation.policy.PolicyLists;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.Messages;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code !redact}, {@code !warn}, {@code !status} and {@code !audit}. Warnings are counted per user in the store
 * (namespace {@value #WARNINGS}); reaching {@code warn_limit} applies {@code warn_action} and starts the count anew.
 */
public final class OtherCommands {
  /** Usage lines. */
  public static final String REDACT = "!redact <user> [limit] [reason] [--room <room>] [--dry-run]";
  public static final String WARN = "!warn <user> [reason]";
  public static final String STATUS = "!status";
  public static final String AUDIT = "!audit [user] [count]";
  static final String WARNINGS = "moderation.warnings";
  private static final int DEFAULT_REDACT = 20;
  private static final int MAX_REDACT = 500;
  private static final int DEFAULT_AUDIT = 10;

  private final MatrixClient client;
  private final Gate gate;
  private final Moderators moderators;
  private final ProtectedRooms rooms;
  private final ActionExecutor actions;
  private final Redactions redactions;
  private final AuditLog audit;
  private final ManagementRoom management;
  private final Warnings warnings;
  private final PolicyLists lists;
  private final ModerationSettings settings;
  private final Function<RoomId, List<String>> missingPowers;
  private final Members members;
  private final Clock clock = Clock.systemUTC();

  /** The commands over these parts. */
  public OtherCommands(MatrixClient client, Gate gate, Moderators moderators, ProtectedRooms rooms,
                       ActionExecutor actions, Redactions redactions, AuditLog audit, ManagementRoom management,
                       Warnings warnings, PolicyLists lists, ModerationSettings settings,
                       Function<RoomId, List<String>> missingPowers, Members members) {
    this.members = members;
    this.client = client;
    this.gate = gate;
    this.moderators = moderators;
    this.rooms = rooms;
    this.actions = actions;
    this.redactions = redactions;
    this.audit = audit;
    this.management = management;
    this.warnings = warnings;
    this.lists = lists;
    this.settings = settings;
    this.missingPowers = missingPowers;
  }

  /** {@code !redact}. */
  public void redact(CommandContext ctx, String text) {
    Replies.run(ctx, REDACT, gate, scope -> {
      Args args = Args.parse(text, Set.of("dry-run"), Set.of("room"));
      UserId target = Targets.user(args.required("user"), ctx);
      int limit = DEFAULT_REDACT;
      Optional<String> next = args.peek();
      if (next.isPresent() && next.get().chars().allMatch(Character::isDigit)) {
        args.optional();
        limit = parseLimit(next.get());
      }
      String reason = args.rest();
      List<RoomId> where = args.value("room").map(r -> List.of(gate.protectedRoom(scope, r)))
          .orElseGet(() -> scope.rooms(rooms));
      Optional<String> why = moderators.refusal(target, null);
      if (why.isPresent()) {
        ctx.reply("Refused: the bot will not redact " + target + ": " + why.get() + ".");
        return;
      }
      boolean dry = args.flag("dry-run");
      List<Redactions.Found> found = redactions.redactRecent(target, where, limit, reason,
          Source.moderator(ctx.sender()), dry);
      int total = found.stream().mapToInt(f -> f.events().size()).sum();
      StringBuilder s = new StringBuilder(dry ? "Dry run: would redact " : "\u2705 " + ctx.sender() + " redacted ")
          .append(total).append(" event(s) of ").append(target).append(" in ").append(where.size())
          .append(" room(s)").append(dry ? "; nothing was changed" : "");
      for (Redactions.Found f : found) {
        if (f.failure() != null || where.size() <= 10) {
          s.append("\n- ").append(f.room()).append(": ").append(f.events().size())
              .append(f.failure() == null ? "" : " (failed: " + f.failure() + ")");
        }
      }
      say(ctx, s.toString(), dry);
    });
  }

  /** {@code !warn}. */
  public void warn(CommandContext ctx, String text) {
    Replies.run(ctx, WARN, gate, scope -> {
      Args args = Args.parse(text, Set.of(), Set.of());
      UserId target = Targets.user(args.required("user"), ctx);
      String reason = args.rest();
      Optional<String> why = moderators.refusal(target, null);
      if (why.isPresent()) {
        ctx.reply("Refused: the bot will not warn " + target + ": " + why.get() + ".");
        return;
      }
      // told first: the warning that reaches warn_limit may kick or ban them, after which they could not read it
      List<String> told = settings.warnNotice() == ModerationSettings.WarnNotice.ROOMS
          ? tell(target, scope.rooms(rooms), warnings.peek(target), reason) : null;
      Warnings.Warning w = warnings.warn(target, scope.room(), scope.rooms(rooms), reason,
          Source.moderator(ctx.sender()), true);
      String line = target + " was warned by " + ctx.sender() + " (" + w.counted() + ")"
          + (reason.isEmpty() ? "" : ". Reason: " + reason);
      if (!ctx.room().equals(management.id()) && (told == null || told.stream().noneMatch(
          t -> t.equals(ctx.room().value())))) {
        ctx.send(line);
      }
      management.notice(line + (told == null ? "" : told.isEmpty()
          ? "\nNot told: they are not a member of " + (scope.all() ? "any protected room" : scope.room().value()) + "."
          : "\nTold them in " + String.join(", ", told) + "."));
      if (w.consequence() != null) {
        // reported after the warning that caused it
        management.notice(w.consequence().summary());
        if (!ctx.room().equals(management.id())) {
          ctx.send(w.consequence().summary());
        }
      }
    });
  }

  /**
   * Tells {@code target} of warning {@code w} with a notice mentioning them in each of {@code where} they are a member
   * of; returns those rooms (a room where sending failed is named with the errcode).
   */
  private List<String> tell(UserId target, List<RoomId> where, Warnings.Warning w, String reason) {
    List<String> told = new ArrayList<>();
    String plain = target + ": you have been warned by the moderators (" + w.counted() + ")"
        + (reason.isEmpty() ? "." : ". Reason: " + reason);
    String html = "<a href=\"https://matrix.to/#/" + target.value() + "\">" + Html.escape(target.value())
        + "</a>: you have been warned by the moderators (" + w.counted() + ")"
        + (reason.isEmpty() ? "." : ". Reason: " + Html.escape(reason));
    for (RoomId room : rooms.largestFirst(where)) {
      if (!members.all().getOrDefault(room, Set.of()).contains(target)) {
        continue;
      }
      com.fasterxml.jackson.databind.node.ObjectNode content = Messages.content("m.notice", plain, html);
      content.putObject("m.mentions").putArray("user_ids").add(target.value());
      try {
        client.sendEvent(room, "m.room.message", content);
        told.add(room.value());
      } catch (MatrixException e) {
        told.add(room.value() + " (failed: " + ActionExecutor.describe(e) + ")");
      }
    }
    return told;
  }

  /** {@code !status}. */
  public void status(CommandContext ctx, String text) {
    Replies.run(ctx, STATUS, gate, scope -> {
      Args.parse(text, Set.of(), Set.of()).end();
      StringBuilder s = new StringBuilder("Moderation bot ").append(client.userId()).append(": management room ")
          .append(management.id()).append(", ").append(rooms.all().size()).append(" protected room(s), ")
          .append(lists.counts().size()).append(" ban list(s) with ").append(lists.matcher().size())
          .append(" ban rule(s), warn_limit ").append(settings.warnLimit()).append(" \u2192 ")
          .append(settings.warnAction().name().toLowerCase(java.util.Locale.ROOT));
      for (RoomId room : rooms.largestFirst(rooms.all())) {
        List<String> missing = missingPowers.apply(room);
        s.append("\n- ").append(room).append(missing.isEmpty() ? ": ok" : ": cannot " + String.join(", ", missing));
      }
      ctx.reply(s.toString());
    });
  }

  /** {@code !audit}. */
  public void audit(CommandContext ctx, String text) {
    Replies.run(ctx, AUDIT, gate, scope -> {
      Args args = Args.parse(text, Set.of(), Set.of());
      Optional<String> first = args.optional();
      String user = null;
      int count = DEFAULT_AUDIT;
      if (first.isPresent() && first.get().chars().allMatch(Character::isDigit)) {
        count = parseLimit(first.get());
      } else if (first.isPresent()) {
        user = Targets.user(first.get(), ctx).value();
        Optional<String> n = args.optional();
        if (n.isPresent()) {
          if (!n.get().chars().allMatch(Character::isDigit)) {
            throw new Usage("not a count: " + n.get());
          }
          count = parseLimit(n.get());
        }
      }
      args.end();
      List<AuditEntry> entries = user == null ? audit.recent(count) : audit.against(user, count);
      if (entries.isEmpty()) {
        ctx.reply(user == null ? "The audit log is empty." : "The audit log has nothing about " + user + ".");
        return;
      }
      StringBuilder s = new StringBuilder(user == null ? "The last " + entries.size() + " audit entries:"
          : "The last " + entries.size() + " audit entries about " + user + ":");
      for (AuditEntry e : entries) {
        s.append("\n- ").append(e.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(' ')
            .append(Source.parse(e.source()).label()).append(": ").append(e.action()).append(' ')
            .append(e.target()).append(e.room().isEmpty() || e.room().equals(e.target()) ? "" : " in " + e.room())
            .append(" \u2192 ").append(e.outcome()).append(e.detail().isEmpty() ? "" : " (" + e.detail() + ")")
            .append(e.reason().isEmpty() ? "" : ", reason: " + e.reason());
      }
      ctx.reply(s.toString());
    });
  }

  private void say(CommandContext ctx, String text, boolean dry) {
    if (dry || !ctx.room().equals(management.id())) {
      ctx.reply(text);
    }
    if (!dry) {
      management.notice(text);
    }
  }

  private static int parseLimit(String word) {
    try {
      int n = Integer.parseInt(word);
      if (n < 1 || n > MAX_REDACT) {
        throw new Usage("the count must be between 1 and " + MAX_REDACT + ", not " + word);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new Usage("not a count: " + word);
    }
  }
}

package dev.steward.bots.moderation;

import dev.steward.bot.event.MembershipEvent;
import dev.steward.bots.moderation.actions.Action;
import dev.steward.bots.moderation.actions.ActionExecutor;
import dev.steward.bots.moderation.actions.ActionRequest;
import dev.steward.bots.moderation.actions.ActionResult;
import dev.steward.bots.moderation.actions.RoomOutcome;
import dev.steward.bots.moderation.actions.Source;
import dev.steward.bots.moderation.audit.ManagementRoom;
import dev.steward.bots.moderation.commands.MemberCommands;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code native_bans}: a ban (or unban) a moderator of every protected room makes with their own client in one
 * protected room is applied to the other protected rooms, and the ban optionally published to one of our lists. The
 * bot's own bans never come back here (its events are not handed to handlers, and its sender is checked besides), so
 * nothing loops; targets the bot must not touch (itself, moderators, users at or above its level) are refused per room
 * by the action executor and reported. A room-only moderator's ban stays in that room, and the report says so.
 */
final class NativeBans {
  private final MatrixClient client;
  private final ModerationSettings.NativeBans settings;
  private final Moderators moderators;
  private final ProtectedRooms rooms;
  private final ActionExecutor actions;
  private final ManagementRoom management;
  private final Members members;
  private final MemberCommands.ListPublishing publishing;

  NativeBans(MatrixClient client, ModerationSettings.NativeBans settings, Moderators moderators, ProtectedRooms rooms,
             ActionExecutor actions, ManagementRoom management, Members members,
             MemberCommands.ListPublishing publishing) {
    this.client = client;
    this.settings = settings;
    this.moderators = moderators;
    this.rooms = rooms;
    this.actions = actions;
    this.management = management;
    this.members = members;
    this.publishing = publishing;
  }

  /** Whether any of it is on. */
  boolean enabled() {
    return settings.propagate() || settings.unbans();
  }

  /** A membership change in some room: acts on a moderator's ban or unban in a protected room. */
  void onMembership(MembershipEvent m) {
    MembershipEvent.Change change = m.change();
    boolean ban = change == MembershipEvent.Change.BAN && settings.propagate();
    boolean unban = change == MembershipEvent.Change.UNBAN && settings.unbans();
    if ((!ban && !unban) || !rooms.contains(m.room()) || m.sender().equals(client.userId())
        || m.target().equals(client.userId())) {
      return;
    }
    String verb = ban ? "banned" : "unbanned";
    String head = m.sender() + " " + verb + " " + m.target() + " in " + m.room() + " with their own client";
    if (!moderators.isModerator(m.sender())) {
      if (moderators.mayModerate(m.sender(), m.room())) {
        management.notice(head + "; not applied elsewhere: they moderate " + m.room() + " only.");
      }
      return;
    }
    Optional<String> refused = ban ? moderators.refusal(m.target(), null) : Optional.empty();
    if (refused.isPresent()) {
      // Neither spread nor published: a shared list would have everyone who follows it ban this user.
      management.notice(head + "; not applied elsewhere and not published: " + refused.get());
      return;
    }
    String reason = (m.reason() == null || m.reason().isBlank() ? "" : m.reason().strip() + " ")
        + "(" + (ban ? "ban" : "unban") + " by " + m.sender() + " in " + m.room() + ")";
    List<RoomId> others = new ArrayList<>(rooms.all());
    others.remove(m.room());
    if (ban) {
      others.removeIf(r -> "ban".equals(membership(r, m.target())));
    }
    StringBuilder s = new StringBuilder(head);
    boolean refusedSomewhere = false;
    if (others.isEmpty()) {
      s.append(ban ? "; already banned in every other protected room." : "; no other protected room.");
    } else {
      ActionResult r = actions.act(ActionRequest.of(ban ? Action.BAN : Action.UNBAN, m.target(), others, reason,
          Source.moderator(m.sender())).withQuiet(true));
      if (ban) {
        r.rooms().stream().filter(o -> o.status() == RoomOutcome.Status.DONE)
            .forEach(o -> members.left(o.room(), m.target()));
      }
      s.append(":\n").append(r.summary());
      refusedSomewhere = r.rooms().stream().anyMatch(o -> o.status() == RoomOutcome.Status.REFUSED);
    }
    if (ban && refusedSomewhere && !settings.publish().isEmpty()) {
      s.append("\nNot added to ban list '").append(settings.publish())
          .append("': the bot refused to ban ").append(m.target()).append(" in some room.");
    } else if (!settings.publish().isEmpty()) {
      s.append("\n").append(ban ? publishing.publish(settings.publish(), m.target().value(), reason, m.sender())
          : publishing.withdraw(settings.publish(), m.target().value(), m.sender()));
    }
    management.notice(s.toString());
  }

  /** {@code user}'s membership in {@code room}, or null when unknown (then the ban is tried, and its outcome says). */
  private String membership(RoomId room, UserId user) {
    try {
      return client.rooms().state(room, "m.room.member", user.value())
          .map(c -> c.path("membership").asText(null)).orElse(null);
    } catch (MatrixException e) {
      return null;
    }
  }
}

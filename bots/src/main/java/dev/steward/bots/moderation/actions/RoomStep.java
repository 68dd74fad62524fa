package dev.steward.bots.moderation.actions;

import dev.steward.bots.moderation.Moderators;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.Optional;

/**
 * One action in one room: refuse a target the bot must not touch there, skip what is already so (a kick of someone
 * not in the room, an unban of someone not banned, and after a restart a ban already made), stop short in a dry run,
 * else act. Throws the homeserver's {@code MatrixException}; the executor records it.
 */
final class RoomStep {
  private final MatrixClient client;
  private final Moderators moderators;

  RoomStep(MatrixClient client, Moderators moderators) {
    this.client = client;
    this.moderators = moderators;
  }

  RoomOutcome attempt(ActionRequest req, RoomId room, boolean resumed) {
    UserId target = req.target();
    if (req.action().againstTarget()) {
      Optional<String> why = moderators.refusal(target, room);
      if (why.isPresent()) {
        return new RoomOutcome(room, RoomOutcome.Status.REFUSED, why.get());
      }
    }
    String reason = req.reason().isEmpty() ? null : req.reason();
    switch (req.action()) {
      case BAN -> {
        if (resumed && "ban".equals(membership(room, target))) {
          return unchanged(room, "already banned");
        }
        if (req.dryRun()) {
          return dry(room);
        }
        client.rooms().ban(room, target, reason);
      }
      case UNBAN -> {
        if (!"ban".equals(membership(room, target))) {
          return unchanged(room, "not banned");
        }
        if (req.dryRun()) {
          return dry(room);
        }
        client.rooms().unban(room, target, reason);
      }
      case KICK -> {
        String m = membership(room, target);
        if (!"join".equals(m) && !"invite".equals(m) && !"knock".equals(m)) {
          return unchanged(room, "not in the room");
        }
        if (req.dryRun()) {
          return dry(room);
        }
        client.rooms().kick(room, target, reason);
      }
      case MUTE -> {
        if (req.dryRun()) {
          return dry(room);
        }
        boolean muted = client.moderation().mute(room, target);
        moderators.forget(room);
        if (!muted) {
          return unchanged(room, "already muted");
        }
      }
      case UNMUTE -> {
        if (req.dryRun()) {
          return dry(room);
        }
        boolean unmuted = client.moderation().unmute(room, target);
        moderators.forget(room);
        if (!unmuted) {
          return unchanged(room, "not muted by the bot");
        }
      }
      default -> throw new IllegalArgumentException(req.action() + " is not a per-room membership action");
    }
    return new RoomOutcome(room, RoomOutcome.Status.DONE, "");
  }


  private String membership(RoomId room, UserId user) {
    return client.rooms().state(room, "m.room.member", user.value())
        .map(c -> c.path("membership").asText(null)).orElse(null);
  }

  private static RoomOutcome unchanged(RoomId room, String why) {
    return new RoomOutcome(room, RoomOutcome.Status.UNCHANGED, why);
  }

  private static RoomOutcome dry(RoomId room) {
    return new RoomOutcome(room, RoomOutcome.Status.DRY_RUN, "");
  }
}

package dev.steward.bot.event;

import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.Membership;
import dev.steward.client.model.RoomEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * A change of someone's membership in a room the bot is in.
 *
 * @param room the room
 * @param sender who made the change (the target for joins and voluntary leaves, a moderator for kicks and bans)
 * @param eventId the event id
 * @param timestamp when it happened
 * @param target whose membership changed
 * @param membership the new membership
 * @param previous the membership before, or null when there was none or the server did not say
 * @param reason the reason given, or null
 * @param displayName the target's display name in the room after the change, or null
 * @param source the room event this was read from, whose {@link RoomEvent#raw()} is the JSON as received
 */
public record MembershipEvent(RoomId room, UserId sender, EventId eventId, Instant timestamp, UserId target,
                              Membership membership, Membership previous, String reason, String displayName,
                              RoomEvent source) implements TimelineEvent {
  /** Requires the new membership; the previous one may be null. */
  public MembershipEvent {
    Objects.requireNonNull(membership, "membership");
  }

  @Override
  public String type() {
    return "m.room.member";
  }

  /** What happened, in the words a moderator would use. */
  public enum Change { JOIN, LEAVE, KICK, BAN, UNBAN, INVITE, INVITE_REVOKED, INVITE_REJECTED, KNOCK, PROFILE, OTHER }

  /** Classifies the transition from {@link #previous()} to {@link #membership()}. */
  public Change change() {
    boolean self = sender.equals(target);
    return switch (membership) {
      case JOIN -> previous == Membership.JOIN ? Change.PROFILE : Change.JOIN;
      case INVITE -> Change.INVITE;
      case BAN -> Change.BAN;
      case KNOCK -> Change.KNOCK;
      case LEAVE -> previous == Membership.BAN ? Change.UNBAN
          : previous == Membership.INVITE ? (self ? Change.INVITE_REJECTED : Change.INVITE_REVOKED)
          : self ? Change.LEAVE : Change.KICK;
    };
  }
}

package dev.steward.bots.moderation.protection;

import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What a protection found, and what should happen about it; {@link Protections} turns it into actions. */
public sealed interface Verdict {
  /** The protection that found it, as named in the config ({@code flooding}, {@code words}…). */
  String protection();

  /** The room it happened in. */
  RoomId room();

  /** What triggered it, for the report: the rule or the counts; never a whole message body. */
  String trigger();

  /**
   * One user broke a rule with one or more events.
   *
   * @param protection the protection's config key
   * @param room the room
   * @param user the sender
   * @param events the offending events, oldest first: what is redacted
   * @param action what happens to the sender
   * @param trigger what triggered it
   */
  record Offence(String protection, RoomId room, UserId user, List<EventId> events, ProtectionAction action,
                 String trigger) implements Verdict {
    /** Requires every part and at least one event. */
    public Offence {
      Objects.requireNonNull(protection, "protection");
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(user, "user");
      events = List.copyOf(events);
      if (events.isEmpty()) {
        throw new IllegalArgumentException("an offence needs at least one event");
      }
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(trigger, "trigger");
    }
  }

  /**
   * Too many joins: lock the room's join rule and restore it after the cool-off.
   *
   * @param room the room
   * @param lockTo the join rule to set
   * @param coolOff how long until the previous join rule comes back
   * @param lastJoin the join that tipped the count over
   * @param trigger what triggered it
   */
  record JoinWave(RoomId room, ProtectionSettings.LockRule lockTo, Duration coolOff, EventId lastJoin,
                  String trigger) implements Verdict {
    /** Requires every part. */
    public JoinWave {
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(lockTo, "lockTo");
      Objects.requireNonNull(coolOff, "coolOff");
      Objects.requireNonNull(lastJoin, "lastJoin");
      Objects.requireNonNull(trigger, "trigger");
    }

    @Override
    public String protection() {
      return JoinWaveDetector.KEY;
    }
  }
}

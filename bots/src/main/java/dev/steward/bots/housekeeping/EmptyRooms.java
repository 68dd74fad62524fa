package dev.steward.bots.housekeeping;

import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves and forgets the rooms the bot has been alone in for {@code leave_empty_after}. Alone is counted from the
 * first run that found the bot alone (kept in the store), so it is as exact as the job's schedule.
 */
final class EmptyRooms {
  private static final Logger log = LoggerFactory.getLogger(EmptyRooms.class);

  private final Duration after;
  private final RoomArchiver archiver;
  private final Ledger ledger;
  private final Clock clock;
  private final boolean dryRun;

  EmptyRooms(Duration after, RoomArchiver archiver, Ledger ledger, Clock clock, boolean dryRun) {
    this.after = after;
    this.archiver = archiver;
    this.ledger = ledger;
    this.clock = clock;
    this.dryRun = dryRun;
  }

  /** One pass over the joined rooms. */
  void run(MatrixClient client, Report report) {
    Instant now = clock.instant();
    for (RoomId room : client.rooms().joined()) {
      if (archiver.excluded(room)) {
        continue;
      }
      try {
        if (client.rooms().joinedMembers(room).keySet().stream().anyMatch(m -> !m.equals(client.userId()))) {
          ledger.notAlone(room);
          continue;
        }
        Instant since = ledger.aloneSince(room, now);
        if (now.isBefore(since.plus(after))) {
          continue;
        }
        if (dryRun) {
          report.wouldDo("leave " + room + ": the bot has been alone there since " + Notices.when(since));
          continue;
        }
        client.rooms().leave(room, "No one else is here any more");
        client.rooms().forget(room);
        ledger.notAlone(room);
        ledger.record(Ledger.Kind.LEFT, room, null, now);
        log.info("housekeeping: left and forgot {}, alone there since {}", room, since);
      } catch (MatrixException e) {
        report.failed("leave the empty room", room, e);
      }
    }
  }
}

package dev.steward.bots.moderation.actions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bots.moderation.audit.AuditEntry;
import dev.steward.bots.moderation.audit.AuditLog;
import dev.steward.client.EventId;
import dev.steward.client.History;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.RoomEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * {@code !redact}: pages back through each room's history (filtered to the user's events by the homeserver) and
 * redacts their newest {@code limit} events that still have content, skipping state events and redactions. Each room
 * is one audit entry with the count.
 */
public final class Redactions {
  /** How far back one room is read at most, in events of the user, so a huge history cannot stall the bot. */
  static final int MAX_SCAN = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MatrixClient client;
  private final AuditLog audit;
  private final Clock clock = Clock.systemUTC();

  /** Redacts through {@code client}, recording in {@code audit}. */
  public Redactions(MatrixClient client, AuditLog audit) {
    this.client = client;
    this.audit = audit;
  }

  /** One room's outcome: the events found (and redacted, unless a dry run), or the failure. */
  public record Found(RoomId room, List<EventId> events, String failure) {}

  /** Finds and (unless {@code dryRun}) redacts {@code user}'s newest {@code limit} events in each room. */
  public List<Found> redactRecent(UserId user, List<RoomId> rooms, int limit, String reason, Source source,
                                  boolean dryRun) {
    List<Found> out = new ArrayList<>();
    String key = UUID.randomUUID().toString();
    for (RoomId room : rooms) {
      Found f = room(user, room, limit, reason, dryRun);
      out.add(f);
      if (!dryRun && (!f.events().isEmpty() || f.failure() != null)) {
        audit.record(new AuditEntry(key + " " + room.value(), clock.instant(), source.stored(),
            Action.REDACT.verb(), user.value(), room.value(), reason, f.failure() == null ? "done" : "failed",
            f.events().size() + " event(s)" + (f.failure() == null ? "" : "; " + f.failure())));
      }
    }
    return out;
  }

  private Found room(UserId user, RoomId room, int limit, String reason, boolean dryRun) {
    ObjectNode filter = JSON.createObjectNode();
    filter.putArray("senders").add(user.value());
    List<EventId> found = new ArrayList<>();
    try {
      Iterator<RoomEvent> it = client.history().stream(room, History.Direction.BACKWARD, null, 100, filter)
          .limit(MAX_SCAN).iterator();
      while (it.hasNext() && found.size() < limit) {
        RoomEvent e = it.next();
        if (!user.equals(e.sender()) || e.isState() || e.type().equals("m.room.redaction")
            || e.content() == null || e.content().isEmpty() || e.eventId() == null) {
          continue;
        }
        found.add(e.eventId());
      }
    } catch (MatrixException e) {
      return new Found(room, found, "reading history: " + ActionExecutor.describe(e));
    }
    if (dryRun) {
      return new Found(room, found, null);
    }
    List<EventId> done = new ArrayList<>();
    for (EventId id : found) {
      try {
        client.messages().redact(room, id, reason.isEmpty() ? null : reason);
        done.add(id);
      } catch (MatrixException e) {
        return new Found(room, done, ActionExecutor.describe(e) + " after " + done.size() + " of " + found.size());
      }
    }
    return new Found(room, done, null);
  }
}

package dev.steward.bots.moderation.actions;

import dev.steward.client.RoomId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an {@link ActionRequest} did, room by room, and how long it took.
 *
 * @param request the request
 * @param rooms one outcome per room, in the order the rooms were done
 * @param took from the first request to the homeserver to the last answer
 * @param endsAt when a timed action is undone, or null
 */
public record ActionResult(ActionRequest request, List<RoomOutcome> rooms, Duration took, Instant endsAt) {
  /** Copies the outcomes. */
  public ActionResult {
    rooms = List.copyOf(rooms);
  }

  /** The rooms with {@code status}. */
  public List<RoomId> with(RoomOutcome.Status status) {
    return rooms.stream().filter(o -> o.status() == status).map(RoomOutcome::room).toList();
  }

  /** Whether no room failed or was refused. */
  public boolean ok() {
    return rooms.stream().noneMatch(o -> o.status() == RoomOutcome.Status.FAILED
        || o.status() == RoomOutcome.Status.REFUSED);
  }

  /** One report line or a few: what was done where, each failed room named with the homeserver's errcode. */
  public String summary() {
    ActionRequest r = request;
    StringBuilder s = new StringBuilder();
    long done = count(RoomOutcome.Status.DONE);
    long unchanged = count(RoomOutcome.Status.UNCHANGED);
    long dry = count(RoomOutcome.Status.DRY_RUN);
    String target = r.target().value();
    if (r.dryRun()) {
      s.append("Dry run: ").append(r.source().label()).append(" would ").append(r.action().verb()).append(' ')
          .append(target).append(" in ").append(dry).append(" of ").append(rooms.size()).append(" room(s)");
    } else {
      s.append(ok() ? "\u2705 " : "\u26A0\uFE0F ").append(r.source().label()).append(' ')
          .append(r.action().past()).append(' ').append(target).append(" in ").append(done).append(" of ")
          .append(rooms.size()).append(" room(s)");
      if (unchanged > 0) {
        s.append(", unchanged in ").append(unchanged);
      }
      s.append(" (").append(seconds(took)).append(')');
    }
    if (r.duration() != null && !r.dryRun() && endsAt != null) {
      s.append(", until ").append(endsAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
    if (!r.reason().isEmpty()) {
      s.append(". Reason: ").append(r.reason());
    }
    List<String> lines = new ArrayList<>();
    for (RoomOutcome o : rooms) {
      if (o.status() == RoomOutcome.Status.FAILED || o.status() == RoomOutcome.Status.REFUSED
          || rooms.size() <= 10) {
        lines.add(o.room() + ": " + o.status().word() + (o.detail().isEmpty() ? "" : " (" + o.detail() + ")"));
      }
    }
    if (!lines.isEmpty()) {
      s.append('\n').append(lines.stream().map(l -> "- " + l).collect(Collectors.joining("\n")));
    }
    return s.toString();
  }

  /**
   * One line for a list of results, e.g. {@code @a:x: banned in 1 of 2 room(s), !r:x refused (why)}: failed and
   * refused rooms named with their reason.
   */
  public String line() {
    StringBuilder s = new StringBuilder().append(request.target()).append(": ")
        .append(request.dryRun() ? "would " + request.action().verb() : request.action().past()).append(" in ")
        .append(count(request.dryRun() ? RoomOutcome.Status.DRY_RUN : RoomOutcome.Status.DONE)).append(" of ")
        .append(rooms.size()).append(" room(s)");
    rooms.stream().filter(o -> o.status() == RoomOutcome.Status.FAILED || o.status() == RoomOutcome.Status.REFUSED)
        .forEach(o -> s.append(", ").append(o.room()).append(' ').append(o.status().word()).append(" (")
            .append(o.detail()).append(')'));
    return s.toString();
  }

  private long count(RoomOutcome.Status status) {
    return rooms.stream().filter(o -> o.status() == status).count();
  }

  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}

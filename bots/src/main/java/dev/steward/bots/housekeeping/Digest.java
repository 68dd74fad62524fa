package dev.steward.bots.housekeeping;

import dev.steward.bot.event.Html;
import dev.steward.bots.rooms.RoomNames;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The digest to the admin room: since the last one, the rooms archived and unarchived, the members pruned, the rooms
 * left, the most active rooms and the new members, as a notice with an HTML table and a plain-text body. Sent under
 * a transaction id derived from its period, and the period closed in the store after sending: a run repeated after a
 * crash in between posts the same event again, which the homeserver shows once.
 */
final class Digest {
  private static final Logger log = LoggerFactory.getLogger(Digest.class);
  private static final Duration FIRST_PERIOD = Duration.ofDays(7);
  private static final int TOP = 5;

  private final RoomId adminRoom;
  private final Ledger ledger;
  private final Clock clock;

  Digest(RoomId adminRoom, Ledger ledger, Clock clock) {
    this.adminRoom = adminRoom;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** Sends the digest for the period since the last one (the first covers a week) and closes that period. */
  void send(MatrixClient client) {
    Instant to = clock.instant();
    Instant from = ledger.lastDigest().orElse(to.minus(FIRST_PERIOD));
    // Everything not yet reported, also what happened before this period (noted while a digest was being sent).
    List<Ledger.Entry> entries = ledger.undigested(to);
    Map<RoomId, Long> counts = ledger.messageCounts();
    Function<RoomId, String> name = room -> RoomNames.of(client, room);
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("Rooms archived", list(entries, Ledger.Kind.ARCHIVED, name, false));
    rows.put("Rooms unarchived", list(entries, Ledger.Kind.UNARCHIVED, name, false));
    rows.put("Members pruned", list(entries, Ledger.Kind.PRUNED, name, true));
    rows.put("Rooms left (empty)", list(entries, Ledger.Kind.LEFT, name, false));
    rows.put("New members", list(entries, Ledger.Kind.JOINED, name, true));
    rows.put("Most active rooms", counts.entrySet().stream()
        .sorted(Map.Entry.<RoomId, Long>comparingByValue().reversed().thenComparing(e -> e.getKey().value()))
        .limit(TOP).map(e -> name.apply(e.getKey()) + " (" + e.getValue() + " messages)")
        .collect(Collectors.joining(", ")));
    String title = "Housekeeping digest, " + Notices.when(from) + " to " + Notices.when(to);
    StringBuilder plain = new StringBuilder(title).append('\n');
    StringBuilder html = new StringBuilder("<p><strong>").append(Html.escape(title)).append("</strong></p><table>");
    rows.forEach((what, value) -> {
      String shown = value.isEmpty() ? "none" : value;
      plain.append('\n').append(what).append(": ").append(shown);
      html.append("<tr><th>").append(Html.escape(what)).append("</th><td>").append(Html.escape(shown))
          .append("</td></tr>");
    });
    html.append("</table>");
    try {
      Notices.send(client, adminRoom, "digest " + from.toEpochMilli(), plain.toString(), html.toString());
    } catch (MatrixException e) {
      // Nothing is dropped: the period stays open, and the next digest covers it too.
      log.warn("housekeeping: could not send the digest to {}: {} {}; the next digest covers this period too",
          adminRoom, Report.code(e), e.getMessage());
      return;
    }
    ledger.digested(entries, counts, to);
    log.info("housekeeping: digest for {} to {} sent to {}", from, to, adminRoom);
  }

  private static String list(List<Ledger.Entry> entries, Ledger.Kind kind, Function<RoomId, String> name,
                             boolean users) {
    return entries.stream().filter(e -> e.kind() == kind)
        .sorted(Comparator.comparing(Ledger.Entry::at))
        .map(e -> users ? e.user() + " in " + name.apply(e.room()) : name.apply(e.room()))
        .distinct().collect(Collectors.joining(", "));
  }
}

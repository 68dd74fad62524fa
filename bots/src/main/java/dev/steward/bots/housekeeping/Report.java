package dev.steward.bots.housekeeping;

import dev.steward.bot.event.Html;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomException;
import dev.steward.client.RoomId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one housekeeping run has to tell the admins: what a dry run would have done, and what failed. Each line is
 * logged as it comes; at the end of the run they go to the admin room together, if one is configured.
 */
final class Report {
  private static final Logger log = LoggerFactory.getLogger(Report.class);

  private final String title;
  private final List<String> planned = new ArrayList<>();
  private final List<String> failed = new ArrayList<>();

  Report(String title) {
    this.title = title;
  }

  /** Something a dry run would have done. */
  void wouldDo(String what) {
    log.info("housekeeping (dry run): would {}", what);
    planned.add("would " + what);
  }

  /** Something that failed, with the homeserver's errcode. */
  void failed(String what, RoomId room, MatrixException e) {
    String code = code(e);
    log.warn("housekeeping: could not {} in {}: {} {}", what, room, code, e.getMessage());
    failed.add("could not " + what + " in " + room + ": " + code + " " + (e.error() != null ? e.error()
        : e.getMessage()));
  }

  /** The homeserver's errcode; for a refusal the client decided itself (no errcode), its reason. */
  static String code(MatrixException e) {
    if (e.errcode() != null) {
      return e.errcode();
    }
    return e instanceof RoomException r ? r.reason().name() : "(no errcode, HTTP " + e.status() + ")";
  }

  List<String> lines() {
    List<String> out = new ArrayList<>(failed);
    out.addAll(planned);
    return out;
  }

  /** Posts the lines, if any, to the admin room; a failure there is logged, the lines were logged already. */
  void send(MatrixClient client, Optional<RoomId> adminRoom) {
    List<String> lines = lines();
    if (lines.isEmpty() || adminRoom.isEmpty()) {
      return;
    }
    StringBuilder plain = new StringBuilder(title).append(':');
    StringBuilder html = new StringBuilder("<p>").append(Html.escape(title)).append(":</p><ul>");
    for (String line : lines) {
      plain.append("\n- ").append(line);
      html.append("<li>").append(Html.escape(line)).append("</li>");
    }
    html.append("</ul>");
    try {
      client.messages().html(adminRoom.get(), "m.notice", plain.toString(), html.toString());
    } catch (MatrixException e) {
      log.error("housekeeping: could not post the report to the admin room {}: {} {}", adminRoom.get(),
          e.errcode(), e.getMessage());
    }
  }
}

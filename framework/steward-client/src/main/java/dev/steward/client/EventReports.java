package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reports users file about events with their clients ({@code POST /rooms/{room}/report/{event}}), as Synapse's
 * admin API lists them ({@code /_synapse/admin/v1/event_reports}). Needs a server admin account: for anyone else
 * the homeserver answers {@code M_FORBIDDEN}, and a homeserver that is not Synapse answers 404.
 */
public final class EventReports {
  private final Http http;

  EventReports(Http http) {
    this.http = http;
  }

  /**
   * One report.
   *
   * @param id the report's id, increasing with each new report
   * @param receivedTs when the homeserver received it (ms since the epoch)
   * @param room the room of the reported event
   * @param event the reported event
   * @param reporter who reported it
   * @param sender who sent the reported event, or null when the homeserver does not say
   * @param reason the reporter's reason, or empty
   * @param roomName the room's name, or null
   */
  public record Report(long id, long receivedTs, RoomId room, EventId event, UserId reporter, UserId sender,
                       String reason, String roomName) {
    /** Requires the ids. */
    public Report {
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(reporter, "reporter");
      reason = reason == null ? "" : reason;
    }
  }

  /**
   * One page of reports.
   *
   * @param reports the reports on it
   * @param next the {@code from} of the next page, or null on the last
   * @param total how many reports there are in all
   */
  public record Page(List<Report> reports, String next, long total) {
    /** Copies the list. */
    public Page {
      reports = List.copyOf(reports);
    }
  }

  /**
   * A page of at most {@code limit} reports from the offset {@code from} (null: the start), newest first when
   * {@code newestFirst}.
   */
  public Page page(String from, int limit, boolean newestFirst) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, not " + limit);
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("limit", Integer.toString(limit));
    q.put("dir", newestFirst ? "b" : "f");
    if (from != null) {
      q.put("from", from);
    }
    var url = http.url("_synapse", "admin", "v1", "event_reports").newBuilder();
    q.forEach(url::addQueryParameter);
    JsonNode body = http.json("GET", url.build(), null, CallOptions.SAFE, JsonNode.class);
    List<Report> reports = new ArrayList<>();
    for (JsonNode r : body.path("event_reports")) {
      reports.add(new Report(r.path("id").asLong(), r.path("received_ts").asLong(), RoomId.of(r.path("room_id")
          .asText()), EventId.of(r.path("event_id").asText()), UserId.of(r.path("user_id").asText()),
          r.hasNonNull("sender") ? UserId.of(r.path("sender").asText()) : null, r.path("reason").asText(""),
          r.hasNonNull("name") ? r.path("name").asText() : null));
    }
    JsonNode next = body.get("next_token");
    return new Page(reports, next == null || next.isNull() ? null : next.asText(), body.path("total").asLong());
  }

  /** The reported event of report {@code id} as the homeserver holds it ({@code event_json}), or null. */
  public JsonNode event(long id) {
    JsonNode body = http.json("GET", http.url("_synapse", "admin", "v1", "event_reports", Long.toString(id)), null,
        CallOptions.SAFE, JsonNode.class);
    JsonNode event = body.get("event_json");
    return event == null || event.isNull() ? null : event;
  }
}

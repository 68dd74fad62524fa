package dev.steward.client;

import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.MessagesPage;
import dev.steward.client.model.RoomEvent;
import dev.steward.client.model.SyncResponse;
import dev.steward.client.model.Timeline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills in what a limited timeline left out. When more events arrived in a room since the last batch than the
 * server puts in one sync (Synapse: 10 by default), it sends only the newest and marks the timeline limited; a bot
 * that was down or busy would never see the rest, commands included. This reads them from {@code /messages}, back
 * from the timeline's {@code prev_batch} to the previous batch's token, and puts them before the timeline in order.
 */
final class TimelineGaps {
  private static final Logger log = LoggerFactory.getLogger(TimelineGaps.class);
  private static final int PAGE = 100;

  private final History history;
  private final int maxPerRoom;

  /** @param maxPerRoom how many left-out events to read back per room and batch at most; 0 reads none */
  TimelineGaps(History history, int maxPerRoom) {
    this.history = history;
    this.maxPerRoom = maxPerRoom;
  }

  /** {@code batch} with its joined rooms' gaps filled; unchanged for an initial sync, which owes no history. */
  SyncResponse fill(SyncResponse batch, String since) {
    Map<RoomId, JoinedRoom> joined = fill(batch.joined(), since);
    if (joined == batch.joined()) {
      return batch;
    }
    return batch.withJoined(joined);
  }

  /** {@code rooms} (some joined rooms of a batch) with their gaps filled; the same map when none had a gap. */
  Map<RoomId, JoinedRoom> fill(Map<RoomId, JoinedRoom> rooms, String since) {
    if (since == null || maxPerRoom == 0) {
      return rooms;
    }
    Map<RoomId, JoinedRoom> joined = new LinkedHashMap<>();
    boolean changed = false;
    for (Map.Entry<RoomId, JoinedRoom> e : rooms.entrySet()) {
      Timeline t = e.getValue().timeline();
      if (t.limited() && t.prevBatch() != null) {
        joined.put(e.getKey(), fillOrKeep(e.getKey(), e.getValue(), since));
        changed = true;
      } else {
        joined.put(e.getKey(), e.getValue());
      }
    }
    return changed ? joined : rooms;
  }

  /**
   * A room whose history the server refuses for good (a 4xx other than 429: the bot lost access, the token is
   * stale) keeps its limited timeline, so one such room cannot stall every other; transient errors fail the poll,
   * which comes again.
   */
  private JoinedRoom fillOrKeep(RoomId room, JoinedRoom joined, String since) {
    try {
      return fill(room, joined, since);
    } catch (MatrixException e) {
      if (e.status() < 400 || e.status() >= 500 || e.isRateLimited()) {
        throw e;
      }
      log.warn("{}: cannot read the events the sync left out ({}); handling the newest only", room, e.getMessage());
      return joined;
    }
  }

  private JoinedRoom fill(RoomId room, JoinedRoom joined, String since) {
    Timeline timeline = joined.timeline();
    Set<EventId> known = new HashSet<>();
    timeline.events().forEach(ev -> known.add(ev.eventId()));
    List<RoomEvent> missing = new ArrayList<>(); // newest first, as /messages returns them backward
    String from = timeline.prevBatch();
    while (missing.size() < maxPerRoom) {
      MessagesPage page = history.page(room, History.Direction.BACKWARD, from, since,
          Math.min(PAGE, maxPerRoom - missing.size()), null);
      page.events().stream().filter(ev -> known.add(ev.eventId())).forEach(missing::add);
      if (page.events().isEmpty() || page.end() == null || page.end().equals(from)) {
        break;
      }
      from = page.end();
    }
    if (missing.size() >= maxPerRoom) {
      log.warn("{}: more than {} events arrived while the bot was away; older ones are not handled", room,
          maxPerRoom);
    } else if (!missing.isEmpty()) {
      log.info("{}: read {} events the sync left out", room, missing.size());
    }
    Collections.reverse(missing);
    Set<EventId> filled = new HashSet<>();
    missing.forEach(ev -> filled.add(ev.eventId()));
    List<RoomEvent> events = new ArrayList<>(missing);
    events.addAll(timeline.events());
    // State events of the gap also come as "state" (the state at the timeline's start); keep them once, in order.
    List<RoomEvent> state = joined.state().stream().filter(ev -> !filled.contains(ev.eventId())).toList();
    return new JoinedRoom(state, new Timeline(events, missing.size() >= maxPerRoom, from), joined.ephemeral(), joined.accountData(),
        joined.highlightCount(), joined.notificationCount());
  }
}

package dev.steward.client.model;

import java.util.List;

/**
 * A room's new timeline events in one sync batch.
 *
 * @param events the events, oldest first
 * @param limited true when the server left out events between the last batch and these
 * @param prevBatch a token for paging back through {@code /messages} from the first event, or null
 */
public record Timeline(List<RoomEvent> events, boolean limited, String prevBatch) {
  public static final Timeline EMPTY = new Timeline(List.of(), false, null);

  public Timeline {
    events = List.copyOf(events);
  }
}

package dev.steward.client.model;

import java.util.List;

/**
 * An event with the events around it, from {@code /context}.
 *
 * @param event the event asked for
 * @param before events before it, newest first
 * @param after events after it, oldest first
 * @param state room state at the last event returned
 * @param start a token to page backwards from {@code before}
 * @param end a token to page forwards from {@code after}
 */
public record EventWithContext(RoomEvent event, List<RoomEvent> before, List<RoomEvent> after,
                               List<RoomEvent> state, String start, String end) {
  public EventWithContext {
    before = List.copyOf(before);
    after = List.copyOf(after);
    state = List.copyOf(state);
  }
}

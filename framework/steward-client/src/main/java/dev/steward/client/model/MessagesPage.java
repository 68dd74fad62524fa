package dev.steward.client.model;

import java.util.List;

/**
 * One page of a room's history from {@code /messages}.
 *
 * @param events the events, in the order of the direction asked for
 * @param start the token the page started at
 * @param end the token to continue from, or null when there is no more history that way
 * @param skipped how many malformed events were left out
 */
public record MessagesPage(List<RoomEvent> events, String start, String end, int skipped) {
  public MessagesPage {
    events = List.copyOf(events);
  }
}

package dev.steward.client.model;

import java.util.List;

/**
 * What changed in a room the user has joined.
 *
 * @param state state from before the timeline (with lazy loading: only the members the timeline needs)
 * @param timeline new events
 * @param ephemeral typing notices and receipts
 * @param accountData the user's per-room account data (tags, fully-read marker…)
 * @param highlightCount unread highlights (mentions), or 0
 * @param notificationCount unread notifications, or 0
 */
public record JoinedRoom(List<RoomEvent> state, Timeline timeline, List<BasicEvent> ephemeral,
                         List<BasicEvent> accountData, long highlightCount, long notificationCount) {
  public JoinedRoom {
    state = List.copyOf(state);
    ephemeral = List.copyOf(ephemeral);
    accountData = List.copyOf(accountData);
  }
}

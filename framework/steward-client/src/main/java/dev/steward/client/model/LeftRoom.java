package dev.steward.client.model;

import java.util.List;

/**
 * A room the user left or was kicked or banned from, since the last batch.
 *
 * @param state state up to the leave
 * @param timeline events up to and including the leave
 * @param accountData per-room account data
 */
public record LeftRoom(List<RoomEvent> state, Timeline timeline, List<BasicEvent> accountData) {
  public LeftRoom {
    state = List.copyOf(state);
    accountData = List.copyOf(accountData);
  }
}

package dev.steward.client.model;

import java.util.List;

/**
 * One page of the public room directory.
 *
 * @param rooms the rooms on this page
 * @param nextBatch the token for the next page, or null on the last page
 * @param prevBatch the token for the previous page, or null on the first page
 * @param totalRoomCountEstimate the server's estimate of all matching rooms, or -1 when it gave none
 */
public record PublicRoomsPage(List<PublicRoom> rooms, String nextBatch, String prevBatch,
                              long totalRoomCountEstimate) {
  public PublicRoomsPage {
    rooms = List.copyOf(rooms);
  }
}
